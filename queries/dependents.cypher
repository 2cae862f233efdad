// Dependents (downstream impact): every document that rests on this one, transitively, with
// its shortest distance and one shortest path, nearest first. Never the document itself.
:param id => 'km-guiding-plan';
:param max_depth => 10;
:param offset => 0;
:param limit => 50;
MATCH (doc:Document {id: $id})
CALL (doc) {
  OPTIONAL MATCH path = ANY SHORTEST (dependent:Document)-[:BASED_ON]->{1,50}(doc)
  WHERE length(path) <= $max_depth AND dependent <> doc
  WITH dependent, path ORDER BY length(path), dependent.id
  RETURN collect(dependent {.id, .title, .title_en, .tier, .status,
                            distance: length(path),
                            path: [n IN nodes(path) | n.id]}) AS rows
}
RETURN doc {.id, .title, .title_en, .tier, .status} AS document,
       size(rows) AS total,
       rows[$offset..$offset + $limit] AS items
