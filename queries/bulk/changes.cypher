// Bulk load: create the changes documents make to documents that exist (references checked
// before): AMENDS, REPEALS or REPLACES, as `type` says (one of the three, set by the code), each
// with the day it takes effect and its evidence in props.
:param rows => [{source: 'km-party-led-property-services-opinion', type: 'AMENDS', target: 'km-base-party-building', props: {certainty: 'stated', sources: '[]'}}];
UNWIND $rows AS row
MATCH (d:Document {id: row.source})
MATCH (other:Document {id: row.target})
CALL (d, other, row) {
  WITH d, other, row WHERE row.type = 'AMENDS'
  CREATE (d)-[r:AMENDS]->(other)
  SET r = row.props
  RETURN r
  UNION ALL
  WITH d, other, row WHERE row.type = 'REPEALS'
  CREATE (d)-[r:REPEALS]->(other)
  SET r = row.props
  RETURN r
  UNION ALL
  WITH d, other, row WHERE row.type = 'REPLACES'
  CREATE (d)-[r:REPLACES]->(other)
  SET r = row.props
  RETURN r
}
RETURN count(r) AS created
