// Declared targets beside recorded counts, by tier and by status, per framework.
// `issued` counts documents whose status is issued or amended (both are 已出台). Topics are not
// documents: counted apart. The declared-vs-recorded ranges come from `declared`. Statuses are
// those of the day (repealed once a repeal has taken effect). as_of (a date or null): only the
// documents in force that day, or whose force is unknown (counted in in_force_unknown).
:param framework => null;
:param as_of => null;
MATCH (f:Framework)
WHERE $framework IS NULL OR f.id = $framework
CALL (f) {
  MATCH (d:Document {framework: f.id})
  WHERE ($as_of IS NULL OR (coalesce(d.in_force_from <= $as_of, true) AND coalesce(d.in_force_until > $as_of, true)))
  WITH d, CASE WHEN d.repealed AND coalesce(d.repealed_on <= coalesce($as_of, date()), true) THEN 'repealed' ELSE d.status END AS status
  RETURN count(d) AS documents,
         count(CASE WHEN status IN ['issued', 'amended'] THEN 1 END) AS issued,
         count(CASE WHEN d.tier = 'supporting' THEN 1 END) AS supporting,
         count(CASE WHEN $as_of IS NOT NULL AND (d.in_force_from IS NULL OR d.end_unknown) THEN 1 END) AS in_force_unknown
}
CALL (f) {
  MATCH (d:Document {framework: f.id})
  WHERE ($as_of IS NULL OR (coalesce(d.in_force_from <= $as_of, true) AND coalesce(d.in_force_until > $as_of, true)))
  WITH d.tier AS tier, count(*) AS n
  RETURN collect([tier, n]) AS by_tier
}
CALL (f) {
  MATCH (d:Document {framework: f.id})
  WHERE ($as_of IS NULL OR (coalesce(d.in_force_from <= $as_of, true) AND coalesce(d.in_force_until > $as_of, true)))
  WITH CASE WHEN d.repealed AND coalesce(d.repealed_on <= coalesce($as_of, date()), true) THEN 'repealed' ELSE d.status END AS status, count(*) AS n
  RETURN collect([status, n]) AS by_status
}
CALL (f) {
  MATCH (t:Topic {framework: f.id})
  RETURN count(t) AS topics
}
RETURN properties(f) AS framework, documents, issued, supporting, in_force_unknown, by_tier, by_status, topics
ORDER BY f.id
