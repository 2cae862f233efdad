// A document's neighbourhood for drawing: the nodes within `depth` hops over BASED_ON,
// PLACED_UNDER, COVERS, IMPLEMENTS, RESPONSIBLE_FOR and the changes (AMENDS, REPEALS, REPLACES),
// either direction, nearest first, at most
// `limit` nodes, and every edge among them, each with its certainty. The walk is bounded by what
// it visits, not only by what it returns: one hop at a time, each hop reads at most `visit` links
// (a hub such as a pillar with thousands of documents is cut there), and `truncated` says
// whether anything was left out. as_of (a date or null): only documents in force that day, or
// whose force is unknown (marked in_force), are walked through.
:param id => 'km-base-party-building';
:param depth => 2;
:param limit => 200;
:param visit => 1000;
:param as_of => null;
MATCH (doc:Document {id: $id})
CALL (doc) {
  MATCH (doc)-[:BASED_ON|PLACED_UNDER|COVERS|IMPLEMENTS|RESPONSIBLE_FOR|AMENDS|REPEALS|REPLACES]-(n)
  WITH n LIMIT $visit
  WITH DISTINCT n WHERE n <> doc AND ($as_of IS NULL OR (coalesce(n.in_force_from <= $as_of, true) AND coalesce(n.in_force_until > $as_of, true)))
  RETURN collect(n) AS hop1, count(*) >= $visit AS cut1
}
CALL (doc, hop1) {
  UNWIND CASE WHEN $depth >= 2 THEN hop1 ELSE [] END AS a
  MATCH (a)-[:BASED_ON|PLACED_UNDER|COVERS|IMPLEMENTS|RESPONSIBLE_FOR|AMENDS|REPEALS|REPLACES]-(n)
  WITH n LIMIT $visit
  WITH DISTINCT n WHERE n <> doc AND ($as_of IS NULL OR (coalesce(n.in_force_from <= $as_of, true) AND coalesce(n.in_force_until > $as_of, true))) AND NOT n IN hop1
  RETURN collect(n) AS hop2, count(*) >= $visit AS cut2
}
CALL (doc, hop1, hop2) {
  UNWIND CASE WHEN $depth >= 3 THEN hop2 ELSE [] END AS a
  MATCH (a)-[:BASED_ON|PLACED_UNDER|COVERS|IMPLEMENTS|RESPONSIBLE_FOR|AMENDS|REPEALS|REPLACES]-(n)
  WITH n LIMIT $visit
  WITH DISTINCT n WHERE n <> doc AND ($as_of IS NULL OR (coalesce(n.in_force_from <= $as_of, true) AND coalesce(n.in_force_until > $as_of, true))) AND NOT n IN hop1 AND NOT n IN hop2
  RETURN collect(n) AS hop3, count(*) >= $visit AS cut3
}
CALL (doc, hop1, hop2, hop3) {
  UNWIND CASE WHEN $depth >= 4 THEN hop3 ELSE [] END AS a
  MATCH (a)-[:BASED_ON|PLACED_UNDER|COVERS|IMPLEMENTS|RESPONSIBLE_FOR|AMENDS|REPEALS|REPLACES]-(n)
  WITH n LIMIT $visit
  WITH DISTINCT n WHERE n <> doc AND ($as_of IS NULL OR (coalesce(n.in_force_from <= $as_of, true) AND coalesce(n.in_force_until > $as_of, true))) AND NOT n IN hop1 AND NOT n IN hop2 AND NOT n IN hop3
  RETURN collect(n) AS hop4, count(*) >= $visit AS cut4
}
CALL (doc, hop1, hop2, hop3, hop4) {
  UNWIND CASE WHEN $depth >= 5 THEN hop4 ELSE [] END AS a
  MATCH (a)-[:BASED_ON|PLACED_UNDER|COVERS|IMPLEMENTS|RESPONSIBLE_FOR|AMENDS|REPEALS|REPLACES]-(n)
  WITH n LIMIT $visit
  WITH DISTINCT n WHERE n <> doc AND ($as_of IS NULL OR (coalesce(n.in_force_from <= $as_of, true) AND coalesce(n.in_force_until > $as_of, true))) AND NOT n IN hop1 AND NOT n IN hop2 AND NOT n IN hop3 AND NOT n IN hop4
  RETURN collect(n) AS hop5, count(*) >= $visit AS cut5
}
WITH doc, [hops IN [[1, hop1], [2, hop2], [3, hop3], [4, hop4], [5, hop5]] |
             [n IN hops[1] | {node: n, distance: hops[0]}]] AS levels,
     cut1 OR cut2 OR cut3 OR cut4 OR cut5 AS cut
UNWIND levels AS level
UNWIND level AS found
WITH doc, cut, found ORDER BY found.distance, coalesce(found.node.id, found.node.key)
WITH doc, cut, collect(found) AS found
WITH [{node: doc, distance: 0}] + found[..$limit] AS near, cut OR size(found) > $limit AS truncated
WITH [x IN near | x.node] AS nodes, near, truncated
CALL (nodes) {
  UNWIND nodes AS a
  MATCH (a)-[r:BASED_ON|PLACED_UNDER|COVERS|IMPLEMENTS|RESPONSIBLE_FOR|AMENDS|REPEALS|REPLACES]->(b)
  WHERE b IN nodes
  WITH a, r, b ORDER BY type(r), coalesce(a.id, a.key), coalesce(b.id, b.key)
  RETURN collect({source: coalesce(a.id, a.key), target: coalesce(b.id, b.key),
                  type: type(r), role: r.role, certainty: r.certainty, effective_on: r.effective_on}) AS edges
}
RETURN [x IN near | {
          id: coalesce(x.node.id, x.node.key),
          kind: CASE WHEN x.node:Document THEN 'document' WHEN x.node:Topic THEN 'topic'
                     WHEN x.node:Pillar THEN 'pillar' ELSE 'department' END,
          label: coalesce(x.node.title, x.node.name),
          tier: x.node.tier,
          certainty: x.node.certainty,
          status: CASE WHEN x.node.repealed AND coalesce(x.node.repealed_on <= coalesce($as_of, date()), true)
                       THEN 'repealed' ELSE x.node.status END,
          in_force: CASE WHEN $as_of IS NULL OR NOT x.node:Document THEN null
                         WHEN NOT (coalesce(x.node.in_force_from <= $as_of, true)
                                   AND coalesce(x.node.in_force_until > $as_of, true)) THEN 'no'
                         WHEN x.node.in_force_from IS NULL OR x.node.end_unknown THEN 'unknown' ELSE 'yes' END,
          distance: x.distance}] AS nodes,
       edges,
       truncated
