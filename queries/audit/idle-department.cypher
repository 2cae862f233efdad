// idle-department: a department responsible for no document.
// as_of (a date or null): the graph as it stood that day: only documents not out of force then
// (docs/time.md) are judged and followed; null: the graph as recorded.
:param frameworks => ['kunming-1-7-n'];
:param as_of => null;
:param limit => 100;
MATCH (dep:Department)
WHERE dep.framework IN $frameworks AND NOT EXISTS { (dep)-[:RESPONSIBLE_FOR]->(d) WHERE ($as_of IS NULL OR (coalesce(d.in_force_from <= $as_of, true) AND coalesce(d.in_force_until > $as_of, true))) }
WITH dep ORDER BY dep.id
WITH collect({
  subject: dep.id, subject_type: 'department', framework: dep.framework, title: dep.name, related: [],
  message: {key: 'idle-department'}}) AS rows
RETURN size(rows) AS total, rows[..$limit] AS findings
