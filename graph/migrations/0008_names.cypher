// Migration 8 (schema version 8): names. A document, pillar, department or topic is found by its
// name as well as its id (services/names.py): exact titles, short titles, 发文字号 as typed and
// names are indexed. Documents gain `caption`, what the Browser writes on them (the short title,
// else the title shortened); `policygraph db migrate` fills it in for documents written before.
CREATE INDEX document_title_exact IF NOT EXISTS FOR (d:Document) ON (d.title);
CREATE INDEX document_short_title IF NOT EXISTS FOR (d:Document) ON (d.short_title);
CREATE INDEX document_doc_number IF NOT EXISTS FOR (d:Document) ON (d.doc_number);
CREATE INDEX pillar_name IF NOT EXISTS FOR (p:Pillar) ON (p.name);
CREATE INDEX department_name IF NOT EXISTS FOR (d:Department) ON (d.name);
CREATE INDEX topic_name IF NOT EXISTS FOR (t:Topic) ON (t.name);
CREATE INDEX topic_short_name IF NOT EXISTS FOR (t:Topic) ON (t.short_name);
