// Record that a migration has been applied: the schema version and the list of migrations. The
// query check's stamp goes: the next start checks every query file against the new schema.
:param version => 2;
:param migration => '0002_change_history';
MERGE (schema:PolicygraphSchema {id: 'policygraph'})
SET schema.version = $version,
    schema.applied = coalesce(schema.applied, []) + [$migration + ' ' + toString(datetime())]
REMOVE schema.queries_checked
RETURN schema.version AS version
