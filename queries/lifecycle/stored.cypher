// Every document's own properties, for deriving what its title and number say (schema 7's
// backfill: services/schema.py), a page at a time by id.
:param after => '';
:param limit => 10000;
MATCH (d:Document)
WHERE d.id > $after
WITH d ORDER BY d.id LIMIT $limit
RETURN properties(d) AS props
