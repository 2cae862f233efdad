// The database's schema version (null before versioning) and whether it holds any data.
OPTIONAL MATCH (schema:PolicygraphSchema {id: 'policygraph'})
RETURN schema.version AS version, schema.applied AS applied,
       EXISTS { MATCH (n) WHERE NOT n:PolicygraphSchema } AS has_data
