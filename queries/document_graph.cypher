// A document's neighbourhood for drawing: every node within `depth` hops over BASED_ON,
// PLACED_UNDER, COVERS, IMPLEMENTS and RESPONSIBLE_FOR (either direction), nearest first, at most
// `limit` nodes, and every edge among them, each with its certainty.
:param id => 'km-base-party-building';
:param depth => 2;
:param limit => 200;
MATCH (doc:Document {id: $id})
CALL (doc) {
  OPTIONAL MATCH path = ANY SHORTEST (doc)-[:BASED_ON|PLACED_UNDER|COVERS|IMPLEMENTS|RESPONSIBLE_FOR]-{1,5}(other)
  WHERE length(path) <= $depth AND other <> doc
  WITH other, length(path) AS distance ORDER BY distance, coalesce(other.id, other.key)
  WITH collect({node: other, distance: distance}) AS found
  RETURN found[..$limit] AS near, size(found) > $limit AS truncated
}
WITH doc, [{node: doc, distance: 0}] + near AS near, truncated
WITH [x IN near | x.node] AS nodes, near, truncated
CALL (nodes) {
  UNWIND nodes AS a
  MATCH (a)-[r:BASED_ON|PLACED_UNDER|COVERS|IMPLEMENTS|RESPONSIBLE_FOR]->(b)
  WHERE b IN nodes
  WITH a, r, b ORDER BY type(r), coalesce(a.id, a.key), coalesce(b.id, b.key)
  RETURN collect({source: coalesce(a.id, a.key), target: coalesce(b.id, b.key),
                  type: type(r), role: r.role, certainty: r.certainty}) AS edges
}
RETURN [x IN near | {
          id: coalesce(x.node.id, x.node.key),
          kind: CASE WHEN x.node:Document THEN 'document' WHEN x.node:Topic THEN 'topic'
                     WHEN x.node:Pillar THEN 'pillar' ELSE 'department' END,
          label: coalesce(x.node.title, x.node.name),
          tier: x.node.tier,
          certainty: x.node.certainty,
          distance: x.distance}] AS nodes,
       edges,
       truncated
