// The headline: every document that depends on a pillar's base document, with its shortest
// distance (BASED_ON hops), nearest first, and (paths = true) one shortest path. Filters: tiers,
// statuses (null = any). A cycle never repeats a document; a base document is not its own
// dependent. `min(length(reach))` over a variable-length match lets the planner use a pruning
// breadth-first expand (each document visited once, at its shortest distance); the bound is
// literal (50, the API's most) and max_depth filters after. Titles and paths are read for the
// page only.
:param key => 'party-leadership';
:param max_depth => 10;
:param tiers => null;
:param statuses => null;
:param offset => 0;
:param limit => 50;
:param paths => true;
MATCH (pillar:Pillar {key: $key})
OPTIONAL MATCH (base:BaseDocument)-[:IMPLEMENTS]->(pillar)
WITH pillar, collect(base) AS bases
CALL (bases) {
  UNWIND bases AS base
  MATCH reach = (base)<-[:BASED_ON*1..50]-(dependent)
  WITH dependent, min(length(reach)) AS distance
  WHERE distance <= $max_depth AND NOT dependent IN bases
    AND ($tiers IS NULL OR dependent.tier IN $tiers)
    AND ($statuses IS NULL OR dependent.status IN $statuses)
  WITH dependent, distance ORDER BY distance, dependent.id
  RETURN collect({node: dependent, distance: distance}) AS ranked
}
CALL (bases, ranked) {
  UNWIND ranked[$offset..$offset + $limit] AS row
  WITH row, row.node AS dependent
  CALL (dependent, bases) {
    UNWIND CASE WHEN $paths THEN bases ELSE [] END AS base
    MATCH path = shortestPath((dependent)-[:BASED_ON*1..50]->(base))
    WITH path ORDER BY length(path)
    RETURN head(collect([n IN nodes(path) | n.id])) AS ids
  }
  RETURN collect(dependent {.id, .title, .title_en, .tier, .status, distance: row.distance, path: ids}) AS items
}
RETURN pillar {.key, .name, .name_en, .order} AS pillar,
       [b IN bases | b {.id, .title, .title_en, .tier, .status}] AS base_documents,
       size(ranked) AS total,
       items
