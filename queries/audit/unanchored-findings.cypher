// unanchored, described: the findings (and the orphans page's items) for documents that
// `audit/unanchored` found, in id order. ids: one page of its list.
:param ids => ['km-sup-whistle-and-report'];
UNWIND $ids AS id
MATCH (d:Document {id: id})
OPTIONAL MATCH (d)-[:BASED_ON]->(basis:Document)
WITH d, collect(basis.id) AS bases
ORDER BY d.id
RETURN collect({
  subject: d.id, subject_type: 'document', framework: d.framework, title: d.title, related: bases,
  document: d {.id, .title, .title_en, .tier, .status, .framework, based_on: bases},
  message: CASE size(bases)
    WHEN 0 THEN 'This ' + d.tier + ' document is based on nothing, so no chain leads to a guiding document. '
              + 'Add its basis to based_on.'
    ELSE 'Its bases (' + reduce(s = '', b IN bases | s + CASE s WHEN '' THEN '' ELSE ', ' END + b)
         + ') lead to no guiding document either. Link the chain to the guiding plan.'
  END}) AS findings
