// Bulk load: create BASED_ON links between documents that exist (references checked before).
:param rows => [{source: 'km-sup-whistle-and-report', target: 'km-guiding-plan'}];
UNWIND $rows AS row
MATCH (d:Document {id: row.source})
MATCH (basis:Document {id: row.target})
CREATE (d)-[:BASED_ON]->(basis)
