// Replace each document's links with the file's: BASED_ON and IMPLEMENTS out of it,
// RESPONSIBLE_FOR into it. Run after every node exists (references are checked before).
// Links that stay are kept as they are (a suspect mark on a BASED_ON link survives).
:param rows => [{id: 'demo-doc', based_on: [], implements: ['demo-pillar'], responsible: [{department: 'demo-dept', role: 'lead'}]}];
UNWIND $rows AS row
MATCH (d:Document {id: row.id})
CALL (d, row) {
  OPTIONAL MATCH (d)-[r:BASED_ON]->(basis)
  WHERE NOT basis.id IN row.based_on
  DELETE r
}
CALL (d, row) {
  OPTIONAL MATCH (d)-[r:IMPLEMENTS]->(pillar)
  WHERE NOT pillar.key IN row.implements
  DELETE r
}
CALL (d, row) {
  OPTIONAL MATCH (dep:Department)-[r:RESPONSIBLE_FOR]->(d)
  WHERE NOT dep.id IN [duty IN row.responsible | duty.department]
  DELETE r
}
CALL (d, row) {
  UNWIND row.based_on AS basis_id
  MATCH (basis:Document {id: basis_id})
  MERGE (d)-[:BASED_ON]->(basis)
}
CALL (d, row) {
  UNWIND row.implements AS pillar_key
  MATCH (p:Pillar {key: pillar_key})
  MERGE (d)-[:IMPLEMENTS]->(p)
}
CALL (d, row) {
  UNWIND row.responsible AS duty
  MATCH (dep:Department {id: duty.department})
  MERGE (dep)-[r:RESPONSIBLE_FOR]->(d)
  SET r.role = duty.role
}
