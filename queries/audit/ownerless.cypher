// ownerless: a document no department is responsible for (no RESPONSIBLE_FOR).
:param frameworks => ['kunming-1-7-n'];
:param limit => 100;
MATCH (d:Document)
WHERE d.framework IN $frameworks AND NOT EXISTS { (:Department)-[:RESPONSIBLE_FOR]->(d) }
WITH d ORDER BY d.id
WITH collect({
  subject: d.id, subject_type: 'document', framework: d.framework, title: d.title, related: [],
  message: 'No department is responsible for this document. Record its lead department '
           + '(responsible, role lead).'}) AS rows
RETURN size(rows) AS total, rows[..$limit] AS findings
