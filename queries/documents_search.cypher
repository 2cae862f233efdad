// Full-text search on titles (zh and en; CJK analyzer, so 党建 matches 党建引领…), with the
// same filters as `documents`, best match first. `q` is Lucene syntax; the API escapes it.
:param q => '党建';
:param framework => null;
:param tier => null;
:param status => null;
:param pillar => null;
:param department => null;
:param offset => 0;
:param limit => 50;
CALL db.index.fulltext.queryNodes('document_title', $q) YIELD node AS d, score
WHERE ($framework IS NULL OR d.framework = $framework)
  AND ($tier IS NULL OR d.tier = $tier)
  AND ($status IS NULL OR d.status = $status)
  AND ($pillar IS NULL OR EXISTS { (d)-[:IMPLEMENTS]->(:Pillar {key: $pillar}) })
  AND ($department IS NULL OR EXISTS { (:Department {id: $department})-[:RESPONSIBLE_FOR]->(d) })
WITH d, score ORDER BY score DESC, d.id
WITH collect(d {.id, .title, .title_en, .tier, .status, score: score}) AS rows
RETURN size(rows) AS total, rows[$offset..$offset + $limit] AS items
