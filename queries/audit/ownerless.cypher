// ownerless: a document no department is responsible for (no RESPONSIBLE_FOR). Only departments
// hold that relationship (DESIGN), so the test is a degree check, with no label read at the far end.
:param frameworks => ['kunming-1-7-n'];
:param limit => 100;
MATCH (d:Document)
WHERE d.framework IN $frameworks AND NOT EXISTS { ()-[:RESPONSIBLE_FOR]->(d) }
WITH d ORDER BY d.id
WITH collect(d) AS hits
RETURN size(hits) AS total, [d IN hits[..$limit] | {
  subject: d.id, subject_type: 'document', framework: d.framework, title: d.title, related: [],
  message: 'No department is responsible for this document. Record its lead department '
           + '(responsible, role lead).'}] AS findings
