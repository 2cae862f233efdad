// no-pillar: a non-guiding document that neither implements a pillar nor depends (BASED_ON,
// transitively) on a document that does. Guiding documents frame every pillar and are exempt.
:param frameworks => ['kunming-1-7-n'];
:param limit => 100;
MATCH (d:Document)
WHERE d.framework IN $frameworks AND NOT d:GuidingDocument
  AND NOT EXISTS { (d)-[:IMPLEMENTS]->(:Pillar) }
  AND NOT EXISTS { MATCH ANY SHORTEST (d)-[:BASED_ON]->{1,50}(:Document)-[:IMPLEMENTS]->(:Pillar) }
WITH d ORDER BY d.id
WITH collect({
  subject: d.id, subject_type: 'document', framework: d.framework, title: d.title, related: [],
  message: 'No pillar is reached: neither this document nor anything it is based on implements a pillar. '
           + 'Add the pillar it serves to implements.'}) AS rows
RETURN size(rows) AS total, rows[..$limit] AS findings
