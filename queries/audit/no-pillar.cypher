// no-pillar: a document the framework places (base or supporting) that neither implements a
// pillar nor depends (BASED_ON, PLACED_UNDER, COVERS; transitively) on a record that does.
// Guiding documents frame every pillar; documents no source places (tier unknown) are not judged.
// The dependency check is an existence test over one breadth-first walk up from the document,
// stopping at the first implementer; only the findings shown are described.
:param frameworks => ['kunming-1-7-n'];
:param limit => 100;
MATCH (d:Document)
WHERE d.framework IN $frameworks AND d.tier IN ['base', 'supporting']
  AND NOT EXISTS { (d)-[:IMPLEMENTS]->() }
  AND NOT EXISTS { (d)-[:BASED_ON|PLACED_UNDER|COVERS*1..50]->()-[:IMPLEMENTS]->() }
WITH d ORDER BY d.id
WITH collect(d) AS hits
RETURN size(hits) AS total, [d IN hits[..$limit] | {
  subject: d.id, subject_type: 'document', framework: d.framework, title: d.title, related: [],
  message: 'No pillar is reached: neither this document nor anything it rests on or is placed under '
           + 'implements a pillar. Add the pillar it serves to implements, with its source.'}] AS findings
