// unanchored (the orphan): a non-guiding document with no BASED_ON path to any guiding
// document. Also the orphans page: ordered by id, paged with offset and limit.
// Set-based: one breadth-first pass down from the guiding documents collects every anchored
// document (within 50 hops), then one pass over the frameworks' documents keeps the others
// (the IN check against that one list is hashed by the runtime). No search per document.
:param frameworks => ['kunming-1-7-n'];
:param offset => 0;
:param limit => 100;
CALL () {
  MATCH (:GuidingDocument)<-[:BASED_ON*0..50]-(reached:Document)
  RETURN collect(DISTINCT reached) AS anchored
}
MATCH (d:Document)
WHERE d.framework IN $frameworks AND NOT d:GuidingDocument AND NOT d IN anchored
OPTIONAL MATCH (d)-[:BASED_ON]->(basis:Document)
WITH d, collect(basis.id) AS bases
ORDER BY d.id
WITH collect({
  subject: d.id, subject_type: 'document', framework: d.framework, title: d.title, related: bases,
  document: d {.id, .title, .title_en, .tier, .status, .framework, based_on: bases},
  message: CASE size(bases)
    WHEN 0 THEN 'This ' + d.tier + ' document is based on nothing, so no chain leads to a guiding document. '
              + 'Add its basis to based_on.'
    ELSE 'Its bases (' + reduce(s = '', b IN bases | s + CASE s WHEN '' THEN '' ELSE ', ' END + b)
         + ') lead to no guiding document either. Link the chain to the guiding plan.'
  END}) AS rows
RETURN size(rows) AS total, rows[$offset..$offset + $limit] AS findings
