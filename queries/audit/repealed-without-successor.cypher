// repealed-without-successor: documents repealed (a repeal in effect by today, or a status that
// says repealed) that no document REPLACES, while documents in force (or of unknown force) today
// still rest on them (BASED_ON). Those documents have lost their basis and nothing took its place.
// today: the date to judge by (null = the server's today).
:param frameworks => ['kunming-1-7-n'];
:param today => null;
:param limit => 100;
WITH coalesce(date($today), date()) AS today
CALL (today) {
  MATCH (d:Document) WHERE d.repealed = true AND coalesce(d.repealed_on <= today, true) RETURN d
  UNION
  MATCH (d:Document) WHERE d.status = 'repealed' RETURN d
}
WITH d, today
WHERE d.framework IN $frameworks AND NOT EXISTS { (d)<-[:REPLACES]-(:Document) }
WITH d, COLLECT {
  MATCH (d)<-[:BASED_ON]-(x:Document)
  WHERE coalesce(x.in_force_from <= today, true) AND coalesce(x.in_force_until > today, true)
  RETURN x.id AS id ORDER BY id
} AS resting
WHERE size(resting) > 0
WITH d, resting ORDER BY d.id
WITH collect({
  subject: d.id, subject_type: 'document', framework: d.framework, title: d.title, related: resting,
  message: {key: CASE WHEN d.repealed_on IS NULL THEN 'repealed-without-successor' ELSE 'repealed-without-successor-from' END,
            day: toString(d.repealed_on), count: size(resting), resting: resting[..5], more: size(resting) > 5}}) AS rows
RETURN size(rows) AS total, rows[..$limit] AS findings
