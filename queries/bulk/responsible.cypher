// Bulk load: create RESPONSIBLE_FOR links from departments to documents, with the role.
:param rows => [{source: 'km-social-work-committee', target: 'km-base-party-building', role: 'lead'}];
UNWIND $rows AS row
MATCH (dep:Department {id: row.source})
MATCH (d:Document {id: row.target})
CREATE (dep)-[:RESPONSIBLE_FOR {role: row.role}]->(d)
