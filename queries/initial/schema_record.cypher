// Initial load: the schema record (version, migrations applied, query check) put back into the
// imported store, as the empty database held it.
:param props => {id: 'policygraph', version: 9, applied: ['0001_initial']};
CREATE (schema:PolicygraphSchema)
SET schema = $props
RETURN schema.version AS version
