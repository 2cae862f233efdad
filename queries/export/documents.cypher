// A framework's documents with their links, tier by tier (guiding, base, supporting), by id.
:param framework => 'kunming-1-7-n';
MATCH (d:Document {framework: $framework})
RETURN properties(d) AS document,
       COLLECT { MATCH (d)-[:IMPLEMENTS]->(p:Pillar) RETURN p.key ORDER BY p.key } AS implements,
       COLLECT { MATCH (d)-[:BASED_ON]->(b:Document) RETURN b.id ORDER BY b.id } AS based_on,
       COLLECT {
         MATCH (dep:Department)-[r:RESPONSIBLE_FOR]->(d)
         RETURN {department: dep.id, role: r.role} ORDER BY dep.id
       } AS responsible
ORDER BY CASE d.tier WHEN 'guiding' THEN 0 WHEN 'base' THEN 1 ELSE 2 END, d.id
