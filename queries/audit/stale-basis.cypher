// stale-basis: an issued or amended (in force) document based on a repealed document, or on one
// not yet issued (planned or drafting). One finding per such link.
:param frameworks => ['kunming-1-7-n'];
:param limit => 100;
MATCH (d:Document)-[:BASED_ON]->(basis:Document)
WHERE d.status IN ['issued', 'amended'] AND d.framework IN $frameworks
  AND basis.status IN ['repealed', 'planned', 'drafting']
WITH d, basis ORDER BY d.id, basis.id
WITH collect({
  subject: d.id, subject_type: 'document', framework: d.framework, title: d.title, related: [basis.id],
  message: 'In force (' + d.status + ') but based on ' + basis.id + ' (' + basis.title + '), which is '
           + CASE basis.status WHEN 'repealed' THEN 'repealed' ELSE 'not yet issued (' + basis.status + ')' END
           + '. Update its basis, or review whether it still stands.'}) AS rows
RETURN size(rows) AS total, rows[..$limit] AS findings
