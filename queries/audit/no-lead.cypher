// no-lead: departments are responsible for a document, but none of them with role lead (牵头).
:param frameworks => ['kunming-1-7-n'];
:param limit => 100;
MATCH (d:Document)
WHERE d.framework IN $frameworks
  AND EXISTS { (:Department)-[:RESPONSIBLE_FOR]->(d) }
  AND NOT EXISTS { (:Department)-[:RESPONSIBLE_FOR {role: 'lead'}]->(d) }
CALL (d) {
  MATCH (dep:Department)-[r:RESPONSIBLE_FOR]->(d)
  WITH dep ORDER BY dep.id
  RETURN collect(dep.id) AS departments
}
WITH d, departments ORDER BY d.id
WITH collect({
  subject: d.id, subject_type: 'document', framework: d.framework, title: d.title, related: departments,
  message: 'Departments are responsible (' + reduce(s = '', x IN departments | s + CASE s WHEN '' THEN '' ELSE ', ' END + x)
           + ') but none leads. Mark the lead department with role lead.'}) AS rows
RETURN size(rows) AS total, rows[..$limit] AS findings
