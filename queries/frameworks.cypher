// The frameworks the database holds, with their declared targets.
MATCH (f:Framework)
RETURN properties(f) AS framework
ORDER BY f.id
