// doc-number-unparsed: a 发文字号 that does not fit the form GB/T 9704-2012 fixes (机关代字〔年份〕
// 序号号). It is kept as written and found as written; only its parts are unknown.
:param frameworks => ['kunming-1-7-n'];
:param limit => 100;
MATCH (d:Document)
WHERE d.doc_number_key IS NOT NULL AND d.doc_issuer IS NULL AND d.framework IN $frameworks
WITH d ORDER BY d.id
WITH collect({
  subject: d.id, subject_type: 'document', framework: d.framework, title: d.title, related: [],
  message: {key: 'doc-number-unparsed', number: d.doc_number}}) AS rows
RETURN size(rows) AS total, rows[..$limit] AS findings
