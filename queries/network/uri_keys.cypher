// What a document's URI is built from (docs/interchange-format.md, "Linked data"): its framework,
// and its 发文字号 where no other document of the framework shares it.
:param ids => ['km-guiding-plan', 'km-base-party-building'];
UNWIND $ids AS id
MATCH (d:Document {id: id})
WITH d, COUNT { MATCH (o:Document {doc_number: d.doc_number}) WHERE o.framework = d.framework } AS sharing
RETURN d.id AS id, d.framework AS framework, CASE WHEN sharing = 1 THEN d.doc_number END AS doc_number
