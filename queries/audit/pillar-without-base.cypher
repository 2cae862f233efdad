// pillar-without-base: a pillar that no base document implements (each of the 7 rests on one).
// as_of (a date or null): the graph as it stood that day: only documents not out of force then
// (docs/time.md) are judged and followed; null: the graph as recorded.
:param frameworks => ['kunming-1-7-n'];
:param as_of => null;
:param limit => 100;
MATCH (p:Pillar)
WHERE p.framework IN $frameworks AND NOT EXISTS { (b:BaseDocument)-[:IMPLEMENTS]->(p) WHERE ($as_of IS NULL OR (coalesce(b.in_force_from <= $as_of, true) AND coalesce(b.in_force_until > $as_of, true))) }
WITH p ORDER BY p.framework, p.order, p.key
WITH collect({
  subject: p.key, subject_type: 'pillar', framework: p.framework, title: p.name, related: [],
  message: {key: 'pillar-without-base', pillar: p.key}}) AS rows
RETURN size(rows) AS total, rows[..$limit] AS findings
