// Bulk load: create RESPONSIBLE_FOR links from departments to documents; props holds the role
// and the evidence.
:param rows => [{source: 'km-social-work-committee', target: 'km-base-party-building', props: {role: 'lead', certainty: 'stated', sources: '[]'}}];
UNWIND $rows AS row
MATCH (dep:Department {id: row.source})
MATCH (d:Document {id: row.target})
CREATE (dep)-[r:RESPONSIBLE_FOR]->(d)
SET r = row.props
RETURN count(r) AS created
