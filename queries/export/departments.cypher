// A framework's departments, by id.
:param framework => 'kunming-1-7-n';
MATCH (dep:Department {framework: $framework})
RETURN properties(dep) AS department
ORDER BY dep.id
