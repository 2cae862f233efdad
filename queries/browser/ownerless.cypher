// 无人负责（ownerless）: a framework's documents no department is responsible for, with their
// titles, the base documents first. 共计 counts them all; at most `limit` rows.
:param framework => 'kunming-1-7-n';
:param limit => 200;
MATCH (d:Document)
WHERE d.framework = $framework AND NOT EXISTS { ()-[:RESPONSIBLE_FOR]->(d) }
WITH d ORDER BY CASE d.tier WHEN 'guiding' THEN 0 WHEN 'base' THEN 1 WHEN 'supporting' THEN 2 ELSE 3 END, d.id
WITH collect(d) AS found
WITH found, [d IN found[..$limit] | {
  简称: coalesce(d.short_title, ''), 标题: d.title,
  层级: CASE d.tier WHEN 'guiding' THEN '纲领性' WHEN 'base' THEN '基础性' WHEN 'supporting' THEN '配套' ELSE '层级未明' END,
  文号: coalesce(d.doc_number, ''), 编号: d.id}] AS rows
UNWIND CASE WHEN rows = [] THEN [{标题: '没有无人负责的文件'}] ELSE rows END AS row
RETURN row.简称 AS 简称, row.标题 AS 标题, row.层级 AS 层级, row.文号 AS 文号, row.编号 AS 编号, size(found) AS 共计
