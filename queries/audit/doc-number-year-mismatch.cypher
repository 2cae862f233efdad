// doc-number-year-mismatch: the year in a 发文字号's brackets (〔2019〕) is not the year of the
// document's issue date (issued_on), both known. One of the two is wrong.
:param frameworks => ['kunming-1-7-n'];
:param limit => 100;
MATCH (d:Document)
WHERE d.doc_year IS NOT NULL AND d.issued_on IS NOT NULL AND d.framework IN $frameworks
  AND d.doc_year <> d.issued_on.year
WITH d ORDER BY d.id
WITH collect({
  subject: d.id, subject_type: 'document', framework: d.framework, title: d.title, related: [],
  message: {key: 'doc-number-year-mismatch', number: d.doc_number, year: d.doc_year, issued_on: toString(d.issued_on)}}) AS rows
RETURN size(rows) AS total, rows[..$limit] AS findings
