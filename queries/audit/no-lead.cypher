// no-lead: departments are responsible for a document, but none of them with role lead (牵头).
// A department is lead or joint, so such a document has a joint one: the check starts from the
// joint responsibilities (index responsible_role) instead of every document.
// as_of (a date or null): the graph as it stood that day: only documents not out of force then
// (docs/time.md) are judged and followed; null: the graph as recorded.
:param frameworks => ['kunming-1-7-n'];
:param as_of => null;
:param limit => 100;
MATCH ()-[joint:RESPONSIBLE_FOR {role: 'joint'}]->(d:Document)
USING INDEX joint:RESPONSIBLE_FOR(role)
WHERE d.framework IN $frameworks AND ($as_of IS NULL OR (coalesce(d.in_force_from <= $as_of, true) AND coalesce(d.in_force_until > $as_of, true)))
WITH DISTINCT d
WHERE NOT EXISTS { ()-[:RESPONSIBLE_FOR {role: 'lead'}]->(d) }
CALL (d) {
  MATCH (dep:Department)-[:RESPONSIBLE_FOR]->(d)
  WITH dep ORDER BY dep.id
  RETURN collect(dep.id) AS departments
}
WITH d, departments ORDER BY d.id
WITH collect({
  subject: d.id, subject_type: 'document', framework: d.framework, title: d.title, related: departments,
  message: {key: 'no-lead', departments: departments}}) AS rows
RETURN size(rows) AS total, rows[..$limit] AS findings
