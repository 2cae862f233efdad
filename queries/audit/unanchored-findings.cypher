// unanchored, described: the findings (and the orphans page's items) for documents that
// `audit/unanchored` found, in id order. ids: one page of its list.
:param ids => ['km-base-party-building'];
UNWIND $ids AS id
MATCH (d:Document {id: id})
WITH d,
     COLLECT { MATCH (d)-[:BASED_ON]->(b:Document) RETURN b.id ORDER BY b.id } AS bases,
     COLLECT { MATCH (d)-[:PLACED_UNDER]->(b:Document) RETURN b.id ORDER BY b.id } AS places,
     COLLECT { MATCH (d)-[:COVERS]->(t:Topic) RETURN t.id ORDER BY t.id } AS topics
ORDER BY d.id
RETURN collect({
  subject: d.id, subject_type: 'document', framework: d.framework, title: d.title, related: bases + places + topics,
  document: d {.id, .title, .title_en, .tier, .status, .framework, .certainty, based_on: bases, placed_under: places},
  message: CASE size(bases) + size(places) + size(topics)
    WHEN 0 THEN {key: 'unanchored-untied', tier: d.tier}
    ELSE {key: 'unanchored-broken', related: bases + places + topics}
  END}) AS findings
