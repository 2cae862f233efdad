// Declared targets beside recorded counts, by tier and by status, per framework.
// `issued` counts documents whose status is issued or amended (both are 已出台). Topics are not
// documents: counted apart. The declared-vs-recorded ranges come from `declared`.
:param framework => null;
MATCH (f:Framework)
WHERE $framework IS NULL OR f.id = $framework
CALL (f) {
  MATCH (d:Document {framework: f.id})
  RETURN count(d) AS documents,
         count(CASE WHEN d.status IN ['issued', 'amended'] THEN 1 END) AS issued,
         count(CASE WHEN d.tier = 'supporting' THEN 1 END) AS supporting
}
CALL (f) {
  MATCH (d:Document {framework: f.id})
  WITH d.tier AS tier, count(*) AS n
  RETURN collect([tier, n]) AS by_tier
}
CALL (f) {
  MATCH (d:Document {framework: f.id})
  WITH d.status AS status, count(*) AS n
  RETURN collect([status, n]) AS by_status
}
CALL (f) {
  MATCH (t:Topic {framework: f.id})
  RETURN count(t) AS topics
}
RETURN properties(f) AS framework, documents, issued, supporting, by_tier, by_status, topics
ORDER BY f.id
