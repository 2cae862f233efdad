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
    WHEN 0 THEN 'This ' + d.tier + ' document has no recorded basis and no recorded place in the framework, '
              + 'so nothing ties it to a guiding document. Record what it rests on (based_on) or where the '
              + 'scheme places it (placed_under), each with its source.'
    ELSE 'What it rests on or is placed under ('
         + reduce(s = '', x IN bases + places + topics | s + CASE s WHEN '' THEN '' ELSE ', ' END + x)
         + ') leads to no guiding document either. The chain is broken higher up.'
  END}) AS findings
