// idle-department: a department responsible for no document.
:param frameworks => ['kunming-1-7-n'];
:param limit => 100;
MATCH (dep:Department)
WHERE dep.framework IN $frameworks AND NOT EXISTS { (dep)-[:RESPONSIBLE_FOR]->() }
WITH dep ORDER BY dep.id
WITH collect({
  subject: dep.id, subject_type: 'department', framework: dep.framework, title: dep.name, related: [],
  message: 'This department is responsible for no document. Record what it leads or co-leads, '
           + 'or remove it if it has no role.'}) AS rows
RETURN size(rows) AS total, rows[..$limit] AS findings
