// no-pillar: a non-guiding document that neither implements a pillar nor depends (BASED_ON,
// transitively) on a document that does. Guiding documents frame every pillar and are exempt.
// The dependency check is an existence test over one breadth-first walk up from the document,
// stopping at the first implementer; only the findings shown are described. The relationship types
// fix their ends (BASED_ON: document to document, IMPLEMENTS: document to pillar), so no labels are read.
:param frameworks => ['kunming-1-7-n'];
:param limit => 100;
MATCH (d:Document)
WHERE d.framework IN $frameworks AND NOT d:GuidingDocument
  AND NOT EXISTS { (d)-[:IMPLEMENTS]->() }
  AND NOT EXISTS { (d)-[:BASED_ON*1..50]->()-[:IMPLEMENTS]->() }
WITH d ORDER BY d.id
WITH collect(d) AS hits
RETURN size(hits) AS total, [d IN hits[..$limit] | {
  subject: d.id, subject_type: 'document', framework: d.framework, title: d.title, related: [],
  message: 'No pillar is reached: neither this document nor anything it is based on implements a pillar. '
           + 'Add the pillar it serves to implements.'}] AS findings
