// The database's schema version (null before versioning), whether it holds any data, and the stamp
// of the last query check (schema/queries_checked).
OPTIONAL MATCH (schema:PolicygraphSchema {id: 'policygraph'})
RETURN schema.version AS version, schema.applied AS applied, schema.queries_checked AS queries_checked,
       EXISTS { MATCH (n) WHERE NOT n:PolicygraphSchema } AS has_data
