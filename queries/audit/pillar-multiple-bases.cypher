// pillar-multiple-bases: a pillar implemented by more than one base document.
// as_of (a date or null): the graph as it stood that day: only documents not out of force then
// (docs/time.md) are judged and followed; null: the graph as recorded.
:param frameworks => ['kunming-1-7-n'];
:param as_of => null;
:param limit => 100;
MATCH (p:Pillar)<-[:IMPLEMENTS]-(base:BaseDocument)
WHERE p.framework IN $frameworks AND ($as_of IS NULL OR (coalesce(base.in_force_from <= $as_of, true) AND coalesce(base.in_force_until > $as_of, true)))
WITH p, base ORDER BY base.id
WITH p, collect(base.id) AS bases
WHERE size(bases) > 1
WITH p, bases ORDER BY p.framework, p.order, p.key
WITH collect({
  subject: p.key, subject_type: 'pillar', framework: p.framework, title: p.name, related: bases,
  message: {key: 'pillar-multiple-bases', count: size(bases), bases: bases}}) AS rows
RETURN size(rows) AS total, rows[..$limit] AS findings
