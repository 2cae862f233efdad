// basis-out-of-time-order: a document based on (BASED_ON) a document issued after it, both issue
// dates known. A document cannot rest on one written later: the link, or a date, is wrong.
// Placement (PLACED_UNDER) is not judged: a scheme may place an older document under a newer plan.
// Starts from the documents with an issue date (index document_issued_on).
// as_of (a date or null): the graph as it stood that day: only documents not out of force then
// (docs/time.md) are judged and followed; null: the graph as recorded.
:param frameworks => ['kunming-1-7-n'];
:param as_of => null;
:param limit => 100;
MATCH (d:Document)-[:BASED_ON]->(basis:Document)
USING INDEX d:Document(issued_on)
WHERE d.issued_on IS NOT NULL AND d.framework IN $frameworks AND basis.issued_on > d.issued_on
  AND ($as_of IS NULL OR (coalesce(d.in_force_from <= $as_of, true) AND coalesce(d.in_force_until > $as_of, true))) AND ($as_of IS NULL OR (coalesce(basis.in_force_from <= $as_of, true) AND coalesce(basis.in_force_until > $as_of, true)))
WITH d, basis ORDER BY d.id, basis.id
WITH collect([d, basis]) AS hits
RETURN size(hits) AS total, [hit IN hits[..$limit] | {
  subject: hit[0].id, subject_type: 'document', framework: hit[0].framework, title: hit[0].title,
  related: [hit[1].id],
  message: {key: 'basis-out-of-time-order', issued_on: toString(hit[0].issued_on), basis: hit[1].id,
            basis_title: hit[1].title, basis_issued_on: toString(hit[1].issued_on)}}] AS findings
