// expiring: documents in force whose effective_until falls within the next `days` days (today
// included). today: the date to judge by (null = the server's today). Starts from the end dates
// (index document_effective_until): most documents have none.
:param frameworks => ['kunming-1-7-n'];
:param today => null;
:param days => 90;
:param limit => 100;
WITH coalesce(date($today), date()) AS today
MATCH (d:Document)
USING INDEX d:Document(effective_until)
WHERE d.effective_until >= today AND d.effective_until <= today + duration({days: $days})
  AND d.framework IN $frameworks
  AND coalesce(d.in_force_from <= today, true) AND coalesce(d.in_force_until > today, true)
WITH d, today ORDER BY d.effective_until, d.id
WITH collect({
  subject: d.id, subject_type: 'document', framework: d.framework, title: d.title, related: [],
  message: {key: 'expiring', until: toString(d.effective_until), days: duration.inDays(today, d.effective_until).days,
            today: toString(today)}}) AS rows
RETURN size(rows) AS total, rows[..$limit] AS findings
