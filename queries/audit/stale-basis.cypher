// stale-basis: an issued or amended (in force) document based on a repealed document, or on one
// not yet issued (planned or drafting). One finding per such link; only those shown are described.
:param frameworks => ['kunming-1-7-n'];
:param limit => 100;
MATCH (d:Document)-[:BASED_ON]->(basis)
WHERE d.status IN ['issued', 'amended'] AND d.framework IN $frameworks
  AND basis.status IN ['repealed', 'planned', 'drafting']
WITH d, basis ORDER BY d.id, basis.id
WITH collect([d, basis]) AS hits
RETURN size(hits) AS total, [hit IN hits[..$limit] | {
  subject: hit[0].id, subject_type: 'document', framework: hit[0].framework, title: hit[0].title,
  related: [hit[1].id],
  message: 'In force (' + hit[0].status + ') but based on ' + hit[1].id + ' (' + hit[1].title + '), which is '
           + CASE hit[1].status WHEN 'repealed' THEN 'repealed' ELSE 'not yet issued (' + hit[1].status + ')' END
           + '. Update its basis, or review whether it still stands.'}] AS findings
