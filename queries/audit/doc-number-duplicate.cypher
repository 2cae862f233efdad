// doc-number-duplicate: documents that share a 发文字号 however it was typed (the lookup form,
// doc_number_key). A number names one document: one of them is mistyped, or they are one document
// recorded twice. Starts from the numbers (index document_doc_number_key).
:param frameworks => ['kunming-1-7-n'];
:param limit => 100;
MATCH (d:Document)
WHERE d.doc_number_key IS NOT NULL AND d.framework IN $frameworks
WITH d.doc_number_key AS number, collect(d) AS docs
WHERE size(docs) > 1
UNWIND docs AS d
WITH d, number, [other IN docs WHERE other <> d | other.id] AS others ORDER BY number, d.id
WITH collect({
  subject: d.id, subject_type: 'document', framework: d.framework, title: d.title, related: others,
  message: 'Its 发文字号 ' + d.doc_number + ' is also the number of ' + reduce(s = '', i IN others[..5] | s + CASE WHEN s = '' THEN '' ELSE ', ' END + i)
           + CASE WHEN size(others) > 5 THEN ' ...' ELSE '' END
           + '. Check the number against the document itself; if they are one document, merge the records.'}) AS rows
RETURN size(rows) AS total, rows[..$limit] AS findings
