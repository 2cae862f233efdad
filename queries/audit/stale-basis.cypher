// stale-basis: an issued or amended (in force) document based on a repealed document (a status
// that says so, or a repeal in effect by today), or on one not yet issued (planned or drafting).
// One finding per such link; only those shown are described. today: the date to judge by (null =
// the server's today). The walk starts from the documents that can be such a basis (found by the
// status and repeal indexes), not from every document and each of its links.
// as_of (a date or null): the graph as it stood that day: only documents not out of force then
// (docs/time.md) are judged and followed; null: the graph as recorded.
:param frameworks => ['kunming-1-7-n'];
:param as_of => null;
:param today => null;
:param limit => 100;
WITH coalesce(date($today), date()) AS today
CALL (today) {
  MATCH (basis:Document) WHERE basis.status IN ['repealed', 'planned', 'drafting'] RETURN basis
  UNION
  MATCH (basis:Document) WHERE basis.repealed = true AND coalesce(basis.repealed_on <= today, true) RETURN basis
}
MATCH (d:Document)-[:BASED_ON]->(basis)
WHERE d.status IN ['issued', 'amended'] AND d.framework IN $frameworks
  AND NOT (coalesce(d.repealed, false) AND coalesce(d.repealed_on <= today, true)) AND ($as_of IS NULL OR (coalesce(d.in_force_from <= $as_of, true) AND coalesce(d.in_force_until > $as_of, true)))
WITH d, basis, CASE WHEN basis.repealed AND coalesce(basis.repealed_on <= today, true) THEN 'repealed'
                    ELSE basis.status END AS basis_status
WHERE basis_status IN ['repealed', 'planned', 'drafting']
WITH d, basis, basis_status ORDER BY d.id, basis.id
WITH collect([d, basis, basis_status]) AS hits
RETURN size(hits) AS total, [hit IN hits[..$limit] | {
  subject: hit[0].id, subject_type: 'document', framework: hit[0].framework, title: hit[0].title,
  related: [hit[1].id],
  message: {key: CASE hit[2] WHEN 'repealed' THEN 'stale-basis-repealed' ELSE 'stale-basis-not-issued' END,
            status: hit[0].status, basis: hit[1].id, basis_title: hit[1].title, basis_status: hit[2]}}] AS findings
