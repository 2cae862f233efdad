// 一份文件的来龙去脉（as a table）: everything a document (by id, title, short title or 发文字号)
// rests on or is placed under, nearest first, up to the guiding plan: distance, short title,
// title, tier, how (依据 basis / 归属 structure), stated or inferred, and the titles along the chain.
:param document => '物业服务意见';
:param max_depth => 10;
:param as_of => null;
MATCH (doc:Document)
WHERE doc.id = $document OR doc.title = $document OR doc.short_title = $document OR doc.doc_number = $document
MATCH chain = ANY SHORTEST (doc)-[:BASED_ON|PLACED_UNDER|COVERS]->{1,50}(ancestor)
WHERE length(chain) <= $max_depth AND ancestor <> doc
  AND all(record IN nodes(chain) WHERE ($as_of IS NULL OR (coalesce(record.in_force_from <= $as_of, true) AND coalesce(record.in_force_until > $as_of, true))))
WITH doc, ancestor, chain ORDER BY length(chain), ancestor.id
RETURN length(chain) AS 距离,
       coalesce(ancestor.short_title, ancestor.short_name, '') AS 简称,
       coalesce(ancestor.title, ancestor.name) AS 标题,
       CASE ancestor.tier WHEN 'guiding' THEN '纲领性' WHEN 'base' THEN '基础性' WHEN 'supporting' THEN '配套'
                          WHEN 'unknown' THEN '层级未明' ELSE '议题' END AS 层级,
       CASE WHEN all(link IN relationships(chain) WHERE type(link) = 'BASED_ON') THEN '依据' ELSE '归属' END AS 关系,
       CASE WHEN all(x IN nodes(chain) + relationships(chain) WHERE x.certainty = 'stated') THEN '明言' ELSE '推断' END AS 确定性,
       reduce(s = '', x IN nodes(chain) | s + CASE s WHEN '' THEN '' ELSE ' → ' END
              + coalesce(x.short_title, x.short_name, x.title, x.name)) AS 路径,
       ancestor.id AS 编号
