// Bulk load: create COVERS links from documents to the topics they stand for (references checked
// before), each with its evidence in props.
:param rows => [{source: 'km-party-led-property-services-opinion', target: 'km-topic-party-led-property-services', props: {certainty: 'inferred', reason: 'demo', sources: '[]'}}];
UNWIND $rows AS row
MATCH (d:Document {id: row.source})
MATCH (t:Topic {id: row.target})
CREATE (d)-[r:COVERS]->(t)
SET r = row.props
RETURN count(r) AS created
