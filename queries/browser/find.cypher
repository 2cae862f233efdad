// 查找（find it）: every document, pillar, department or topic whose id, title, short title, 发文字号
// or name is `name`, or contains it; then the documents whose titles come nearest (full-text). Use
// the 编号 (id) or the exact 标题 in the other queries. Flat rows for the Browser's table.
:param name => '营商环境';
CALL () {
  MATCH (d:Document)
  WHERE d.id = $name OR d.title = $name OR d.short_title = $name OR d.doc_number = $name
  RETURN d AS n, 0 AS rank, 1.0 AS score
  UNION
  MATCH (n)
  WHERE (n:Pillar AND (n.key = $name OR n.name CONTAINS $name))
     OR (n:Department AND (n.id = $name OR n.name CONTAINS $name))
     OR (n:Topic AND (n.id = $name OR n.name CONTAINS $name OR n.short_name CONTAINS $name))
  RETURN n, 1 AS rank, 1.0 AS score
  UNION
  CALL db.index.fulltext.queryNodes('document_title',
    reduce(s = $name, c IN ['\\', '+', '-', '!', '(', ')', ':', '^', '[', ']', '"', '{', '}', '~', '*', '?', '|', '&', '/'] | replace(s, c, '\\' + c)))
    YIELD node, score
  WITH node, score LIMIT 10
  RETURN node AS n, 2 AS rank, score
}
WITH n, min(rank) AS rank, max(score) AS score
ORDER BY rank, score DESC LIMIT 25
WITH collect({
  类型: CASE WHEN n:GuidingDocument THEN '纲领性文件' WHEN n:BaseDocument THEN '基础性文件'
            WHEN n:SupportingDocument THEN '配套文件' WHEN n:Document THEN '文件（层级未明）'
            WHEN n:Pillar THEN '支柱' WHEN n:Department THEN '部门' ELSE '议题' END,
  名称: coalesce(n.title, n.name), 简称: coalesce(n.short_title, n.short_name, ''), 文号: coalesce(n.doc_number, ''),
  编号: coalesce(n.id, n.key), 体系: n.framework,
  匹配: CASE rank WHEN 0 THEN '完全一致' WHEN 1 THEN '名称包含' ELSE '标题相近' END}) AS rows
UNWIND CASE WHEN rows = [] THEN [{类型: '（无）', 名称: '没有找到“' + $name + '”：换一个词，或只写标题的一部分'}] ELSE rows END AS row
RETURN row.类型 AS 类型, row.名称 AS 名称, row.简称 AS 简称, row.文号 AS 文号, row.编号 AS 编号, row.体系 AS 体系, row.匹配 AS 匹配
