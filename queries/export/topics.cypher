// A framework's topics with their links (each {target, props}: far end and evidence), by id.
:param framework => 'kunming-1-7-n';
MATCH (t:Topic {framework: $framework})
RETURN properties(t) AS topic,
       COLLECT { MATCH (t)-[r:IMPLEMENTS]->(p:Pillar) RETURN {target: p.key, props: properties(r)} ORDER BY p.key } AS implements,
       COLLECT { MATCH (t)-[r:PLACED_UNDER]->(b:Document) RETURN {target: b.id, props: properties(r)} ORDER BY b.id } AS placed_under
ORDER BY t.id
