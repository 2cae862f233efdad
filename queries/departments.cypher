// Departments, with how many documents each is responsible for (and as lead).
:param framework => null;
MATCH (dep:Department)
WHERE $framework IS NULL OR dep.framework = $framework
RETURN dep {.id, .name, .name_en, .framework,
            documents: COUNT { (dep)-[:RESPONSIBLE_FOR]->(:Document) },
            lead: COUNT { (dep)-[:RESPONSIBLE_FOR {role: 'lead'}]->(:Document) }} AS department
ORDER BY dep.id
