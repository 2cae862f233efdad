// 如果废止这份文件（what if this document is repealed, drawn）: the document (by id, title, short
// title or 发文字号), every document resting on it by one shortest chain (basis 依据 or placement
// 归属), their departments (负责) and the pillars they serve. One row per affected document: in the
// table view, 失去锚点 = 是 marks those for which every path to a guiding document passes through
// this one (they would be orphans). At most `limit` documents, `max_depth` hops; 未显示 counts the rest.
// Nothing is written: the API's dry run (`GET /api/v1/documents/{id}/impact`) says the same, with
// the audit's delta.
:param document => '城市基层党建';
:param max_depth => 10;
:param limit => 100;
MATCH (doc:Document)
WHERE doc.id = $document OR doc.title = $document OR doc.short_title = $document OR doc.doc_number = $document
CALL (doc) {
  MATCH (doc)<-[:BASED_ON|PLACED_UNDER|COVERS*1..50]-(d:Document)
  WHERE d <> doc
  RETURN collect(DISTINCT d) AS resting
}
UNWIND CASE WHEN resting = [] THEN [doc] ELSE resting END AS d
OPTIONAL MATCH chain = ANY SHORTEST (d)-[:BASED_ON|PLACED_UNDER|COVERS]->{1,50}(doc)
WHERE d <> doc
WITH doc, resting, d, chain
WHERE chain IS NULL OR length(chain) <= $max_depth
WITH doc, resting, d, chain ORDER BY coalesce(length(chain), 0), d.id LIMIT $limit
WITH doc, resting, d, chain,
     d <> doc AND EXISTS { (d)-[:BASED_ON|PLACED_UNDER|COVERS*1..50]->(:GuidingDocument) }
     AND NOT EXISTS { MATCH way = (d)-[:BASED_ON|PLACED_UNDER|COVERS*1..50]->(:GuidingDocument)
                      WHERE NOT doc IN nodes(way) } AS orphaned
OPTIONAL MATCH owners = (d)<-[:RESPONSIBLE_FOR]-(:Department)
OPTIONAL MATCH serves = (d)-[:IMPLEMENTS]->(:Pillar)
RETURN d AS 文件, coalesce(length(chain), 0) AS 距离, CASE WHEN orphaned THEN '是' ELSE '' END AS 失去锚点,
       chain AS 路径, collect(DISTINCT owners) AS 负责, collect(DISTINCT serves) AS 支柱,
       size(resting) - CASE WHEN size(resting) < $limit THEN size(resting) ELSE $limit END AS 未显示
ORDER BY 距离, 文件.id
