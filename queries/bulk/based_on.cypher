// Bulk load: create BASED_ON links (a document's own basis) between documents that exist
// (references checked before), each with its evidence in props.
:param rows => [{source: 'km-party-led-property-services-opinion', target: 'km-base-party-building', props: {certainty: 'stated', sources: '[]'}}];
UNWIND $rows AS row
MATCH (d:Document {id: row.source})
MATCH (basis:Document {id: row.target})
CREATE (d)-[r:BASED_ON]->(basis)
SET r = row.props
RETURN count(r) AS created
