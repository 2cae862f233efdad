// Replace each topic's links with the file's: IMPLEMENTS (the pillar it is named under) and
// PLACED_UNDER (the documents the scheme places it under), each {target, props} with its evidence.
:param rows => [{id: 'demo-topic', implements: [], placed_under: []}];
UNWIND $rows AS row
MATCH (t:Topic {id: row.id})
CALL (t, row) {
  OPTIONAL MATCH (t)-[r:IMPLEMENTS]->(pillar)
  WHERE NOT pillar.key IN [link IN row.implements | link.target]
  DELETE r
}
CALL (t, row) {
  OPTIONAL MATCH (t)-[r:PLACED_UNDER]->(above)
  WHERE NOT above.id IN [link IN row.placed_under | link.target]
  DELETE r
}
CALL (t, row) {
  UNWIND row.implements AS link
  MATCH (p:Pillar {key: link.target})
  MERGE (t)-[r:IMPLEMENTS]->(p)
  SET r.certainty = link.props.certainty, r.reason = link.props.reason, r.sources = link.props.sources,
      r.mark = link.props.mark
}
CALL (t, row) {
  UNWIND row.placed_under AS link
  MATCH (above:Document {id: link.target})
  MERGE (t)-[r:PLACED_UNDER]->(above)
  SET r.certainty = link.props.certainty, r.reason = link.props.reason, r.sources = link.props.sources,
      r.mark = link.props.mark
}
