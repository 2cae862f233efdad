// The documents a change reaches: the changed documents themselves (distance 0), the documents
// implementing a changed pillar or in a changed department's charge (distance 1), and for
// documents and pillars everything resting on them over BASED_ON, PLACED_UNDER and COVERS, with
// the shortest distance. A dry run reads it before and after its write (impact/rehearsal.py), so
// deleted documents and new links both count. For the first `limit`: one shortest path to the
// changed record, the responsible departments (lead first) and the pillars implemented by the
// document, its basis or its place (within 10 links). `frameworks` and `distances` count every affected document.
:param documents => ['km-base-party-building'];
:param pillars => [];
:param departments => [];
:param limit => 500;
CALL () {
  UNWIND $documents AS id
  MATCH (seed:Document {id: id})
  RETURN seed, id AS via, 0 AS start, true AS onward
  UNION
  UNWIND $pillars AS key
  MATCH (seed:Document)-[:IMPLEMENTS]->(:Pillar {key: key})
  RETURN seed, key AS via, 1 AS start, true AS onward
  UNION
  UNWIND $departments AS id
  MATCH (:Department {id: id})-[:RESPONSIBLE_FOR]->(seed:Document)
  RETURN seed, id AS via, 1 AS start, false AS onward
}
CALL (seed, onward) {
  MATCH reach = (seed)<-[:BASED_ON|PLACED_UNDER|COVERS*0..50]-(d:Document)
  WHERE onward OR d = seed
  RETURN d, min(length(reach)) AS hops
}
WITH d, seed, via, start, start + hops AS distance ORDER BY distance, via
WITH d, head(collect({seed: seed, via: via, start: start, distance: distance})) AS nearest
WITH d, nearest ORDER BY nearest.distance, d.id
WITH collect({node: d, nearest: nearest}) AS ranked
CALL (ranked) {
  UNWIND ranked[..$limit] AS row
  WITH row.node AS d, row.nearest AS nearest
  CALL (d, nearest) {
    WITH d, nearest.seed AS seed
    OPTIONAL MATCH path = shortestPath((d)-[:BASED_ON|PLACED_UNDER|COVERS*1..50]->(seed))
    WHERE d <> seed
    RETURN CASE WHEN path IS NULL THEN [d.id] ELSE [n IN nodes(path) | n.id] END AS ids
  }
  RETURN collect(d {
    .id, .title, .tier, .framework,
    status: CASE WHEN d.repealed AND coalesce(d.repealed_on <= date(), true) THEN 'repealed' ELSE d.status END,
    distance: nearest.distance,
    path: CASE WHEN nearest.start = 1 THEN ids + nearest.via ELSE ids END,
    departments: COLLECT {
      MATCH (dep:Department)-[r:RESPONSIBLE_FOR]->(d)
      RETURN {id: dep.id, name: dep.name, role: r.role} AS dep ORDER BY r.role = 'lead' DESC, dep.id
    },
    pillars: COLLECT {
      MATCH (d)-[:BASED_ON|PLACED_UNDER|COVERS*0..10]->()-[:IMPLEMENTS]->(p:Pillar)
      WITH DISTINCT p ORDER BY p.order, p.key
      RETURN {key: p.key, name: p.name} AS pillar
    }
  }) AS items
}
RETURN size(ranked) AS total,
       COLLECT { UNWIND ranked AS row WITH row.nearest.distance AS distance, count(*) AS n
                 RETURN {distance: distance, count: n} AS counted ORDER BY distance } AS distances,
       COLLECT { UNWIND ranked AS row RETURN DISTINCT row.node.framework AS framework ORDER BY framework } AS frameworks,
       items
