// base-not-placed: a base document that the record does not place under a guiding document (no
// PLACED_UNDER link to one). In a 1+7+N system the scheme places each of the 7 under the 1; that
// placement is structure, recorded with the scheme's words as its source, and never replaced by a
// BASED_ON link the base document itself does not make.
// as_of (a date or null): the graph as it stood that day: only documents not out of force then
// (docs/time.md) are judged and followed; null: the graph as recorded.
:param frameworks => ['kunming-1-7-n'];
:param as_of => null;
:param limit => 100;
MATCH (b:BaseDocument)
WHERE b.framework IN $frameworks AND ($as_of IS NULL OR (coalesce(b.in_force_from <= $as_of, true) AND coalesce(b.in_force_until > $as_of, true)))
  AND NOT EXISTS { (b)-[:PLACED_UNDER]->(g:GuidingDocument) WHERE ($as_of IS NULL OR (coalesce(g.in_force_from <= $as_of, true) AND coalesce(g.in_force_until > $as_of, true))) }
WITH b ORDER BY b.id
WITH collect(b) AS hits
RETURN size(hits) AS total, [b IN hits[..$limit] | {
  subject: b.id, subject_type: 'document', framework: b.framework, title: b.title, related: [],
  message: {key: 'base-not-placed'}}] AS findings
