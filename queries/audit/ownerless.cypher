// ownerless: a document no department is responsible for (no RESPONSIBLE_FOR). Only departments
// hold that relationship (DESIGN), so the test is a degree check, with no label read at the far end.
// as_of (a date or null): the graph as it stood that day: only documents not out of force then
// (docs/time.md) are judged and followed; null: the graph as recorded.
:param frameworks => ['kunming-1-7-n'];
:param as_of => null;
:param limit => 100;
MATCH (d:Document)
WHERE d.framework IN $frameworks AND ($as_of IS NULL OR (coalesce(d.in_force_from <= $as_of, true) AND coalesce(d.in_force_until > $as_of, true)))
  AND NOT EXISTS { ()-[:RESPONSIBLE_FOR]->(d) }
WITH d ORDER BY d.id
WITH collect(d) AS hits
RETURN size(hits) AS total, [d IN hits[..$limit] | {
  subject: d.id, subject_type: 'document', framework: d.framework, title: d.title, related: [],
  message: {key: 'ownerless'}}] AS findings
