// base-not-on-guiding: a base document not directly BASED_ON a guiding document
// (in a 1+7+N system each of the 7 base documents rests on the 1).
:param frameworks => ['kunming-1-7-n'];
:param limit => 100;
MATCH (b:BaseDocument)
WHERE b.framework IN $frameworks AND NOT EXISTS { (b)-[:BASED_ON]->(:GuidingDocument) }
OPTIONAL MATCH (b)-[:BASED_ON]->(basis:Document)
WITH b, collect(basis.id) AS bases
ORDER BY b.id
WITH collect({
  subject: b.id, subject_type: 'document', framework: b.framework, title: b.title, related: bases,
  message: 'This base document is not based on a guiding document'
           + CASE size(bases) WHEN 0 THEN '' ELSE ' (only on ' + reduce(s = '', x IN bases | s + CASE s WHEN '' THEN '' ELSE ', ' END + x) + ')' END
           + '. Add the guiding plan to based_on.'}) AS rows
RETURN size(rows) AS total, rows[..$limit] AS findings
