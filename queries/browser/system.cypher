// The whole 1+7+N system, drawn: a framework's documents, topics, pillars and departments with
// their BASED_ON (basis), PLACED_UNDER (structure), COVERS, IMPLEMENTS and RESPONSIBLE_FOR links.
// Inferred links are captioned 推断. For the Neo4j Browser; at most limit nodes.
:param framework => 'kunming-1-7-n';
:param limit => 300;
MATCH (n)
WHERE (n:Document OR n:Topic OR n:Pillar OR n:Department) AND n.framework = $framework
WITH n LIMIT $limit
OPTIONAL MATCH link = (n)-[:BASED_ON|PLACED_UNDER|COVERS|IMPLEMENTS|RESPONSIBLE_FOR]->()
RETURN n, link
