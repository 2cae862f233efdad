// Dependents (downstream impact): every document that rests on this one, transitively, with
// its shortest distance, nearest first, and (paths = true) one shortest path. Never the
// document itself. One pruning breadth-first expand ranks them (see pillar_dependents);
// titles and paths are read for the page only.
:param id => 'km-guiding-plan';
:param max_depth => 10;
:param offset => 0;
:param limit => 50;
:param paths => true;
MATCH (doc:Document {id: $id})
CALL (doc) {
  OPTIONAL MATCH reach = (doc)<-[:BASED_ON*1..50]-(dependent:Document)
  WITH dependent, min(length(reach)) AS distance
  WHERE dependent IS NOT NULL AND dependent <> doc AND distance <= $max_depth
  WITH dependent, distance ORDER BY distance, dependent.id
  RETURN collect({node: dependent, distance: distance}) AS ranked
}
CALL (doc, ranked) {
  UNWIND ranked[$offset..$offset + $limit] AS row
  WITH row, row.node AS dependent
  CALL (doc, dependent) {
    OPTIONAL MATCH path = shortestPath((dependent)-[:BASED_ON*1..50]->(doc))
    WHERE $paths
    RETURN [n IN nodes(path) | n.id] AS ids
  }
  RETURN collect(dependent {.id, .title, .title_en, .tier, .status, distance: row.distance, path: ids}) AS items
}
RETURN doc {.id, .title, .title_en, .tier, .status} AS document,
       size(ranked) AS total,
       items
