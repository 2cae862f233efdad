// Lineage: every document a document rests on (BASED_ON, transitively), each with its shortest
// distance and (paths = true) one shortest path; then the pillars reached (implemented by the
// document or an ancestor) and the guiding documents reached. A document is never its own
// ancestor. One pruning breadth-first expand finds them (see pillar_dependents).
:param id => 'km-sup-whistle-and-report';
:param max_depth => 10;
:param paths => true;
MATCH (doc:Document {id: $id})
CALL (doc) {
  OPTIONAL MATCH reach = (doc)-[:BASED_ON*1..50]->(ancestor:Document)
  WITH ancestor, min(length(reach)) AS distance
  WHERE ancestor IS NOT NULL AND ancestor <> doc AND distance <= $max_depth
  CALL (doc, ancestor) {
    OPTIONAL MATCH path = shortestPath((doc)-[:BASED_ON*1..50]->(ancestor))
    WHERE $paths
    RETURN [n IN nodes(path) | n.id] AS ids
  }
  WITH ancestor, distance, ids ORDER BY distance, ancestor.id
  RETURN collect(ancestor {.id, .title, .title_en, .tier, .status, distance: distance, path: ids}) AS ancestors,
         collect(ancestor) AS nodes
}
CALL (doc, nodes) {
  UNWIND [doc] + nodes AS reached
  MATCH (reached)-[:IMPLEMENTS]->(p:Pillar)
  WITH DISTINCT p ORDER BY p.framework, p.order, p.key
  RETURN collect(p {.key, .name, .name_en, .order}) AS pillars
}
RETURN doc {.id, .title, .title_en, .tier, .status} AS document,
       ancestors,
       pillars,
       [a IN ancestors WHERE a.tier = 'guiding'] AS guiding
