// The documents whose titles come nearest a name that matched none (full-text, best first):
// what a "not found" answer suggests. `q` is Lucene syntax; services/names.py escapes it.
:param q => '物业';
CALL db.index.fulltext.queryNodes('document_title', $q) YIELD node AS d, score
WITH d, score ORDER BY score DESC, d.id LIMIT 5
RETURN collect(d {.id, .title, .short_title, .framework}) AS matches
