// suspect: a BASED_ON link whose basis changed in substance (title, status, effective dates)
// since the dependent document was last reviewed. One finding per link; the message names the
// change. Clear it with POST /api/v1/documents/{id}/review. Starts from the suspect links
// (index based_on_suspect); links not suspect carry no such property.
// as_of (a date or null): the graph as it stood that day: only documents not out of force then
// (docs/time.md) are judged and followed; null: the graph as recorded.
:param frameworks => ['kunming-1-7-n'];
:param as_of => null;
:param limit => 100;
MATCH (d:Document)-[link:BASED_ON]->(basis:Document)
USING INDEX link:BASED_ON(suspect)
WHERE link.suspect = true AND d.framework IN $frameworks AND ($as_of IS NULL OR (coalesce(d.in_force_from <= $as_of, true) AND coalesce(d.in_force_until > $as_of, true))) AND ($as_of IS NULL OR (coalesce(basis.in_force_from <= $as_of, true) AND coalesce(basis.in_force_until > $as_of, true)))
WITH d, link, basis ORDER BY d.id, basis.id
WITH collect({
  subject: d.id, subject_type: 'document', framework: d.framework, title: d.title, related: [basis.id],
  message: {key: 'suspect', basis: basis.id, change: link.suspect_change, reason: link.suspect_reason}}) AS rows
RETURN size(rows) AS total, rows[..$limit] AS findings
