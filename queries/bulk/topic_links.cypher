// Bulk load: create a topic's links (references checked before): PLACED_UNDER to a document or
// IMPLEMENTS to a pillar, as `type` says (one of the two, set by the code), with its evidence.
:param rows => [{source: 'km-topic-whistle-and-report', type: 'IMPLEMENTS', target: 'party-leadership', props: {certainty: 'stated', sources: '[]'}}];
UNWIND $rows AS row
MATCH (t:Topic {id: row.source})
CALL (t, row) {
  WITH t, row WHERE row.type = 'PLACED_UNDER'
  MATCH (above:Document {id: row.target})
  CREATE (t)-[r:PLACED_UNDER]->(above)
  SET r = row.props
  RETURN r
  UNION ALL
  WITH t, row WHERE row.type = 'IMPLEMENTS'
  MATCH (p:Pillar {key: row.target})
  CREATE (t)-[r:IMPLEMENTS]->(p)
  SET r = row.props
  RETURN r
}
RETURN count(r) AS created
