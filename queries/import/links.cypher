// Replace each document's links with the file's: BASED_ON (its basis), PLACED_UNDER (structure),
// IMPLEMENTS and COVERS out of it, RESPONSIBLE_FOR into it, and the changes it makes (AMENDS,
// REPEALS, REPLACES, each with the day it takes effect in props.effective_on). Each link is {target, props}; props
// is its evidence (certainty, reason, sources as JSON, mark on inferred links) and, for
// RESPONSIBLE_FOR, its role. Run after every node exists (references are checked before). Links
// that stay keep their other properties (a suspect mark on a BASED_ON link survives).
:param rows => [{id: 'demo-doc', based_on: [], placed_under: [], covers: [], amends: [], repeals: [], replaces: [], implements: [{target: 'demo-pillar', props: {certainty: 'stated', sources: '[]'}}], responsible: [{target: 'demo-dept', props: {role: 'lead', certainty: 'stated', sources: '[]'}}]}];
UNWIND $rows AS row
MATCH (d:Document {id: row.id})
CALL (d, row) {
  OPTIONAL MATCH (d)-[r:BASED_ON]->(basis)
  WHERE NOT basis.id IN [link IN row.based_on | link.target]
  DELETE r
}
CALL (d, row) {
  OPTIONAL MATCH (d)-[r:PLACED_UNDER]->(above)
  WHERE NOT above.id IN [link IN row.placed_under | link.target]
  DELETE r
}
CALL (d, row) {
  OPTIONAL MATCH (d)-[r:IMPLEMENTS]->(pillar)
  WHERE NOT pillar.key IN [link IN row.implements | link.target]
  DELETE r
}
CALL (d, row) {
  OPTIONAL MATCH (d)-[r:COVERS]->(topic)
  WHERE NOT topic.id IN [link IN row.covers | link.target]
  DELETE r
}
CALL (d, row) {
  OPTIONAL MATCH (dep:Department)-[r:RESPONSIBLE_FOR]->(d)
  WHERE NOT dep.id IN [link IN row.responsible | link.target]
  DELETE r
}
CALL (d, row) {
  OPTIONAL MATCH (d)-[r:AMENDS]->(other)
  WHERE NOT other.id IN [link IN row.amends | link.target]
  DELETE r
}
CALL (d, row) {
  OPTIONAL MATCH (d)-[r:REPEALS]->(other)
  WHERE NOT other.id IN [link IN row.repeals | link.target]
  DELETE r
}
CALL (d, row) {
  OPTIONAL MATCH (d)-[r:REPLACES]->(other)
  WHERE NOT other.id IN [link IN row.replaces | link.target]
  DELETE r
}
CALL (d, row) {
  UNWIND row.based_on AS link
  MATCH (basis:Document {id: link.target})
  MERGE (d)-[r:BASED_ON]->(basis)
  SET r.certainty = link.props.certainty, r.reason = link.props.reason, r.sources = link.props.sources,
      r.mark = link.props.mark
}
CALL (d, row) {
  UNWIND row.placed_under AS link
  MATCH (above:Document {id: link.target})
  MERGE (d)-[r:PLACED_UNDER]->(above)
  SET r.certainty = link.props.certainty, r.reason = link.props.reason, r.sources = link.props.sources,
      r.mark = link.props.mark
}
CALL (d, row) {
  UNWIND row.implements AS link
  MATCH (p:Pillar {key: link.target})
  MERGE (d)-[r:IMPLEMENTS]->(p)
  SET r.certainty = link.props.certainty, r.reason = link.props.reason, r.sources = link.props.sources,
      r.mark = link.props.mark
}
CALL (d, row) {
  UNWIND row.covers AS link
  MATCH (t:Topic {id: link.target})
  MERGE (d)-[r:COVERS]->(t)
  SET r.certainty = link.props.certainty, r.reason = link.props.reason, r.sources = link.props.sources,
      r.mark = link.props.mark
}
CALL (d, row) {
  UNWIND row.responsible AS link
  MATCH (dep:Department {id: link.target})
  MERGE (dep)-[r:RESPONSIBLE_FOR]->(d)
  SET r.role = link.props.role, r.certainty = link.props.certainty, r.reason = link.props.reason,
      r.sources = link.props.sources, r.mark = link.props.mark
}
CALL (d, row) {
  UNWIND row.amends AS link
  MATCH (other:Document {id: link.target})
  MERGE (d)-[r:AMENDS]->(other)
  SET r.effective_on = link.props.effective_on, r.certainty = link.props.certainty, r.reason = link.props.reason,
      r.sources = link.props.sources, r.mark = link.props.mark
}
CALL (d, row) {
  UNWIND row.repeals AS link
  MATCH (other:Document {id: link.target})
  MERGE (d)-[r:REPEALS]->(other)
  SET r.effective_on = link.props.effective_on, r.certainty = link.props.certainty, r.reason = link.props.reason,
      r.sources = link.props.sources, r.mark = link.props.mark
}
CALL (d, row) {
  UNWIND row.replaces AS link
  MATCH (other:Document {id: link.target})
  MERGE (d)-[r:REPLACES]->(other)
  SET r.effective_on = link.props.effective_on, r.certainty = link.props.certainty, r.reason = link.props.reason,
      r.sources = link.props.sources, r.mark = link.props.mark
}
