// The headline: every document that depends on a pillar's base document, with its shortest
// distance (BASED_ON hops) and one shortest path, nearest first. Filters: tiers, statuses
// (null = any). A cycle never repeats a document; a base document is not its own dependent.
:param key => 'party-leadership';
:param max_depth => 10;
:param tiers => null;
:param statuses => null;
:param offset => 0;
:param limit => 50;
MATCH (pillar:Pillar {key: $key})
OPTIONAL MATCH (base:BaseDocument)-[:IMPLEMENTS]->(pillar)
WITH pillar, collect(base) AS bases
CALL (bases) {
  UNWIND bases AS base
  MATCH path = ANY SHORTEST (dependent:Document)-[:BASED_ON]->{1,50}(base)
  WHERE length(path) <= $max_depth AND NOT dependent IN bases
  WITH dependent, length(path) AS distance, [n IN nodes(path) | n.id] AS ids
  ORDER BY distance, dependent.id
  WITH dependent, head(collect({distance: distance, ids: ids})) AS nearest
  WHERE ($tiers IS NULL OR dependent.tier IN $tiers)
    AND ($statuses IS NULL OR dependent.status IN $statuses)
  WITH dependent, nearest ORDER BY nearest.distance, dependent.id
  RETURN collect(dependent {.id, .title, .title_en, .tier, .status,
                            distance: nearest.distance, path: nearest.ids}) AS rows
}
RETURN pillar {.key, .name, .name_en, .order} AS pillar,
       [b IN bases | b {.id, .title, .title_en, .tier, .status}] AS base_documents,
       size(rows) AS total,
       rows[$offset..$offset + $limit] AS items
