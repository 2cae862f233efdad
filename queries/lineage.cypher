// Lineage: every document a document rests on (BASED_ON, transitively), each with its shortest
// distance and one shortest path; then the pillars reached (implemented by the document or an
// ancestor) and the guiding documents reached. A document is never its own ancestor.
:param id => 'km-sup-whistle-and-report';
:param max_depth => 10;
MATCH (doc:Document {id: $id})
CALL (doc) {
  OPTIONAL MATCH path = ANY SHORTEST (doc)-[:BASED_ON]->{1,50}(ancestor:Document)
  WHERE length(path) <= $max_depth AND ancestor <> doc
  WITH ancestor, path ORDER BY length(path), ancestor.id
  RETURN collect(ancestor {.id, .title, .title_en, .tier, .status,
                           distance: length(path), path: [n IN nodes(path) | n.id]}) AS ancestors,
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
