// 如果废止这份文件（as a table, a worklist）: every document resting on the document (by id, title,
// short title or 发文字号), nearest first: distance, short title, title, tier, the lead (牵头) and
// joint (配合) departments to tell and the pillars it serves (each joined with 、), 失去锚点 (是:
// every path from it to a guiding document passes through this one), and the titles along one
// shortest chain. At most `limit` rows, `max_depth` hops. The API: `GET /api/v1/documents/{id}/impact?format=csv`.
:param document => '城市基层党建';
:param max_depth => 10;
:param limit => 200;
MATCH (doc:Document)
WHERE doc.id = $document OR doc.title = $document OR doc.short_title = $document OR doc.doc_number = $document
MATCH chain = ANY SHORTEST (d:Document)-[:BASED_ON|PLACED_UNDER|COVERS]->{1,50}(doc)
WHERE length(chain) <= $max_depth AND d <> doc
WITH doc, d, chain ORDER BY length(chain), d.id LIMIT $limit
RETURN length(chain) AS 距离,
       coalesce(d.short_title, '') AS 简称,
       d.title AS 标题,
       CASE d.tier WHEN 'guiding' THEN '纲领性' WHEN 'base' THEN '基础性' WHEN 'supporting' THEN '配套'
                   ELSE '层级未明' END AS 层级,
       reduce(s = '', name IN COLLECT { MATCH (d)<-[:RESPONSIBLE_FOR {role: 'lead'}]-(dep:Department)
                                        RETURN dep.name ORDER BY dep.name }
              | s + CASE s WHEN '' THEN '' ELSE '、' END + name) AS 牵头部门,
       reduce(s = '', name IN COLLECT { MATCH (d)<-[r:RESPONSIBLE_FOR]-(dep:Department) WHERE coalesce(r.role, '') <> 'lead'
                                        RETURN dep.name ORDER BY dep.name }
              | s + CASE s WHEN '' THEN '' ELSE '、' END + name) AS 配合部门,
       reduce(s = '', name IN COLLECT { MATCH (d)-[:BASED_ON|PLACED_UNDER|COVERS*0..10]->()-[:IMPLEMENTS]->(p:Pillar)
                                        RETURN DISTINCT p.name AS name ORDER BY name }
              | s + CASE s WHEN '' THEN '' ELSE '、' END + name) AS 支柱,
       CASE WHEN EXISTS { (d)-[:BASED_ON|PLACED_UNDER|COVERS*1..50]->(:GuidingDocument) }
                 AND NOT EXISTS { MATCH way = (d)-[:BASED_ON|PLACED_UNDER|COVERS*1..50]->(:GuidingDocument)
                                  WHERE NOT doc IN nodes(way) }
            THEN '是' ELSE '' END AS 失去锚点,
       reduce(s = '', x IN nodes(chain) | s + CASE s WHEN '' THEN '' ELSE ' → ' END
              + coalesce(x.short_title, x.short_name, x.title, x.name)) AS 路径,
       d.id AS 编号
