// Stamp the schema record: every query file, as the code has them (their digest), was EXPLAINed on
// this server version without an error. The next start with the same stamp skips the check.
:param stamp => 'Neo4j/5.26.0 0f3a…';
MATCH (schema:PolicygraphSchema {id: 'policygraph'})
SET schema.queries_checked = $stamp
RETURN schema.queries_checked AS stamp
