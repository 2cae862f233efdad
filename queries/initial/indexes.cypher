// Initial load: the indexes of the database an import replaces (those a constraint owns come with
// it), as the statements that make them again, with what they index: neo4j-admin's store already
// has the token lookup indexes.
SHOW INDEXES YIELD name, type, entityType, labelsOrTypes, properties, owningConstraint, createStatement
WHERE owningConstraint IS NULL
RETURN name, type, entityType, createStatement AS statement
ORDER BY name
