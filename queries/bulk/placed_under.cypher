// Bulk load: create PLACED_UNDER links (structure: where the framework's scheme places a document)
// between documents that exist (references checked before), each with its evidence in props.
:param rows => [{source: 'km-base-party-building', target: 'km-guiding-plan', props: {certainty: 'stated', sources: '[]'}}];
UNWIND $rows AS row
MATCH (d:Document {id: row.source})
MATCH (above:Document {id: row.target})
CREATE (d)-[r:PLACED_UNDER]->(above)
SET r = row.props
RETURN count(r) AS created
