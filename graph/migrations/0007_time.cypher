// Migration 7 (schema version 7): time. Documents keep their 发文字号 parsed (doc_number_key, the
// normalised form, finds a number however it is typed), the span of days they are in force
// (in_force_from, in_force_until: derived from their dates, their status and the REPEALS links
// into them) and whether they are repealed. The derived values of documents written before this
// version are filled in by `policygraph db migrate` (services/schema.py, after this file).
CREATE INDEX document_doc_number_key IF NOT EXISTS FOR (d:Document) ON (d.doc_number_key);
CREATE INDEX document_repealed IF NOT EXISTS FOR (d:Document) ON (d.repealed);
CREATE INDEX document_effective_from IF NOT EXISTS FOR (d:Document) ON (d.effective_from);
