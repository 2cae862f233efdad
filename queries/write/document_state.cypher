// One document as the interchange format holds it: its properties and its links.
:param id => 'km-base-party-building';
MATCH (d:Document {id: $id})
RETURN properties(d) AS document,
       COLLECT { MATCH (d)-[:IMPLEMENTS]->(p:Pillar) RETURN p.key ORDER BY p.key } AS implements,
       COLLECT { MATCH (d)-[:BASED_ON]->(b:Document) RETURN b.id ORDER BY b.id } AS based_on,
       COLLECT {
         MATCH (dep:Department)-[r:RESPONSIBLE_FOR]->(d)
         RETURN {department: dep.id, role: r.role} ORDER BY dep.id
       } AS responsible
