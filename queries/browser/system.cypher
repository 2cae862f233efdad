// The whole 1+7+N system, drawn: a framework's documents, pillars and departments with their
// BASED_ON, IMPLEMENTS and RESPONSIBLE_FOR links. For the Neo4j Browser; at most limit nodes.
:param framework => 'kunming-1-7-n';
:param limit => 300;
MATCH (n)
WHERE (n:Document OR n:Pillar OR n:Department) AND n.framework = $framework
WITH n LIMIT $limit
OPTIONAL MATCH link = (n)-[:BASED_ON|IMPLEMENTS|RESPONSIBLE_FOR]->()
RETURN n, link
