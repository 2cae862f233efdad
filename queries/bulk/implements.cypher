// Bulk load: create IMPLEMENTS links from documents to pillars (references checked before),
// each with its evidence in props.
:param rows => [{source: 'km-base-party-building', target: 'party-leadership', props: {certainty: 'stated', sources: '[]'}}];
UNWIND $rows AS row
MATCH (d:Document {id: row.source})
MATCH (p:Pillar {key: row.target})
CREATE (d)-[r:IMPLEMENTS]->(p)
SET r = row.props
RETURN count(r) AS created
