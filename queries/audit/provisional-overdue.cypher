// provisional-overdue: documents whose title marks them provisional (试行 or 暂行), in force for
// more than `provisional_years` years and with no end date recorded. Local rules give provisional
// normative documents a term of one or two years (docs/audit.md names the rule and its source);
// the check uses the longer. A provisional document whose end date has passed is reported by
// expired-in-force instead. today: the date to judge by (null = the server's today). The
// provisional documents are found by their index (schema 9), whatever the frameworks.
:param frameworks => ['kunming-1-7-n'];
:param today => null;
:param provisional_years => 2;
:param limit => 100;
WITH coalesce(date($today), date()) AS today
MATCH (d:Document)
USING INDEX d:Document(provisional)  // the planner read every document's flag instead: 0.4-2 s at 1M, not 5 ms
WHERE d.provisional = true AND d.framework IN $frameworks AND d.effective_until IS NULL
  AND d.in_force_from <= today - duration({years: $provisional_years})
  AND coalesce(d.in_force_until > today, true)
WITH d ORDER BY d.in_force_from, d.id
WITH collect({
  subject: d.id, subject_type: 'document', framework: d.framework, title: d.title, related: [],
  message: {key: 'provisional-overdue', since: toString(d.in_force_from), years: $provisional_years}}) AS rows
RETURN size(rows) AS total, rows[..$limit] AS findings
