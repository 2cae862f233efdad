// The whole 1+7+N system, drawn: a framework's documents, topics, pillars and departments with
// their BASED_ON (basis), PLACED_UNDER (structure), COVERS, IMPLEMENTS and RESPONSIBLE_FOR links,
// and the changes documents make (AMENDS, REPEALS, REPLACES). Inferred links are captioned 推断.
// For the Neo4j Browser; at most limit nodes. as_of (a date, or null for the graph as recorded):
// the system as it stood that day, the documents in force then (or of unknown force).
:param framework => 'kunming-1-7-n';
:param limit => 300;
:param as_of => null;
MATCH (n)
WHERE (n:Document OR n:Topic OR n:Pillar OR n:Department) AND n.framework = $framework
  AND ($as_of IS NULL OR (coalesce(n.in_force_from <= $as_of, true) AND coalesce(n.in_force_until > $as_of, true)))
WITH n LIMIT $limit
OPTIONAL MATCH link = (n)-[:BASED_ON|PLACED_UNDER|COVERS|IMPLEMENTS|RESPONSIBLE_FOR|AMENDS|REPEALS|REPLACES]->(m)
WHERE ($as_of IS NULL OR (coalesce(m.in_force_from <= $as_of, true) AND coalesce(m.in_force_until > $as_of, true)))
RETURN n, link
