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
  message: 'Repealed' + CASE WHEN d.repealed_on IS NULL THEN '' ELSE ' from ' + toString(d.repealed_on) END
           + ', with no successor (no document REPLACES it), yet ' + toString(size(resting))
           + ' document(s) in force rest on it: ' + reduce(s = '', i IN resting[..5] | s + CASE WHEN s = '' THEN '' ELSE ', ' END + i)
           + CASE WHEN size(resting) > 5 THEN ' ...' ELSE '' END
           + '. Record the document that replaces it, or review those that rest on it (amend or repeal them).'}) AS rows
RETURN size(rows) AS total, rows[..$limit] AS findings
