// Initial load: whether the database holds anything besides its schema record (an initial load
// fills an empty database only), and that record, which the imported store gets back.
OPTIONAL MATCH (schema:PolicygraphSchema)
RETURN EXISTS { MATCH (n) WHERE NOT n:PolicygraphSchema } AS held, collect(properties(schema)) AS schema
