// Initial load: the constraints of the database an import replaces, as the statements that make
// them again (neo4j-admin's store has none).
SHOW CONSTRAINTS YIELD name, createStatement
RETURN name, createStatement AS statement
ORDER BY name
