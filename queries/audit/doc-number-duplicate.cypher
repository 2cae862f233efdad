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
  message: {key: 'doc-number-duplicate', number: d.doc_number, others: others[..5], more: size(others) > 5}}) AS rows
RETURN size(rows) AS total, rows[..$limit] AS findings
