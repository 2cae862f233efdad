// doc-number-unparsed: a 发文字号 that does not fit the form GB/T 9704-2012 fixes (机关代字〔年份〕
// 序号号). It is kept as written and found as written; only its parts are unknown.
:param frameworks => ['kunming-1-7-n'];
:param limit => 100;
MATCH (d:Document)
WHERE d.doc_number_key IS NOT NULL AND d.doc_issuer IS NULL AND d.framework IN $frameworks
WITH d ORDER BY d.id
WITH collect({
  subject: d.id, subject_type: 'document', framework: d.framework, title: d.title, related: [],
  message: 'Its 发文字号 ' + d.doc_number + ' does not read as issuer code, year in brackets and number '
           + '(e.g. 昆组通〔2019〕80号); it is kept as written. Check it against the document.'}) AS rows
RETURN size(rows) AS total, rows[..$limit] AS findings
