// One document as the interchange format holds it: its properties and its links, each link
// {target, props} (far end, evidence and role).
:param id => 'km-base-party-building';
MATCH (d:Document {id: $id})
RETURN properties(d) AS document,
       COLLECT { MATCH (d)-[r:IMPLEMENTS]->(p:Pillar) RETURN {target: p.key, props: properties(r)} ORDER BY p.key } AS implements,
       COLLECT { MATCH (d)-[r:BASED_ON]->(b:Document) RETURN {target: b.id, props: properties(r)} ORDER BY b.id } AS based_on,
       COLLECT { MATCH (d)-[r:PLACED_UNDER]->(b:Document) RETURN {target: b.id, props: properties(r)} ORDER BY b.id } AS placed_under,
       COLLECT { MATCH (d)-[r:COVERS]->(t:Topic) RETURN {target: t.id, props: properties(r)} ORDER BY t.id } AS covers,
       COLLECT {
         MATCH (dep:Department)-[r:RESPONSIBLE_FOR]->(d)
         RETURN {target: dep.id, props: properties(r)} ORDER BY dep.id
       } AS responsible,
       COLLECT { MATCH (d)-[r:AMENDS]->(b:Document) RETURN {target: b.id, props: properties(r)} ORDER BY b.id } AS amends,
       COLLECT { MATCH (d)-[r:REPEALS]->(b:Document) RETURN {target: b.id, props: properties(r)} ORDER BY b.id } AS repeals,
       COLLECT { MATCH (d)-[r:REPLACES]->(b:Document) RETURN {target: b.id, props: properties(r)} ORDER BY b.id } AS replaces
