// Bulk load: create IMPLEMENTS links from documents to pillars (references checked before).
:param rows => [{source: 'km-base-party-building', target: 'party-leadership'}];
UNWIND $rows AS row
MATCH (d:Document {id: row.source})
MATCH (p:Pillar {key: row.target})
CREATE (d)-[:IMPLEMENTS]->(p)
