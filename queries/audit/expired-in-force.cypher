// expired-in-force: effective_until has passed, yet the status still says issued or amended.
// today: the date to judge by (null = the server's today). Starts from the end dates (index
// document_effective_until): most documents have none.
:param frameworks => ['kunming-1-7-n'];
:param today => null;
:param limit => 100;
WITH coalesce(date($today), date()) AS today
MATCH (d:Document)
USING INDEX d:Document(effective_until)
WHERE d.status IN ['issued', 'amended'] AND d.framework IN $frameworks AND d.effective_until < today
WITH d ORDER BY d.id
WITH collect({
  subject: d.id, subject_type: 'document', framework: d.framework, title: d.title, related: [],
  message: {key: 'expired-in-force', until: toString(d.effective_until), status: d.status}}) AS rows
RETURN size(rows) AS total, rows[..$limit] AS findings
