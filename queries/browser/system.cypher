// 体系全貌（the whole 1+7+N system, drawn）: a framework's guiding and base documents, pillars,
// topics and departments, always, and at most `limit` of its other documents (supporting, or of
// unknown tier; those with the most links first); 未显示 says how many were left out. Links among
// what is shown: BASED_ON (basis), PLACED_UNDER (structure), COVERS, IMPLEMENTS, RESPONSIBLE_FOR,
// AMENDS, REPEALS, REPLACES; inferred ones are captioned 推断. as_of (a date, or null for the graph
// as recorded): the system as it stood that day, the documents in force then (or of unknown force).
:param framework => 'kunming-1-7-n';
:param limit => 150;
:param as_of => null;
CALL () {
  MATCH (n)
  WHERE (n:GuidingDocument OR n:BaseDocument OR n:Pillar OR n:Topic OR n:Department) AND n.framework = $framework
    AND ($as_of IS NULL OR (coalesce(n.in_force_from <= $as_of, true) AND coalesce(n.in_force_until > $as_of, true)))
  RETURN n
  UNION
  MATCH (n:Document)
  WHERE n.framework = $framework AND NOT n:GuidingDocument AND NOT n:BaseDocument
    AND ($as_of IS NULL OR (coalesce(n.in_force_from <= $as_of, true) AND coalesce(n.in_force_until > $as_of, true)))
  WITH n ORDER BY COUNT { (n)--() } DESC, n.id LIMIT $limit
  RETURN n
}
WITH collect(n) AS shown
WITH shown, COUNT { MATCH (d:Document) WHERE d.framework = $framework AND NOT d:GuidingDocument AND NOT d:BaseDocument
                      AND ($as_of IS NULL OR (coalesce(d.in_force_from <= $as_of, true) AND coalesce(d.in_force_until > $as_of, true))) }
              - size([x IN shown WHERE x:Document AND NOT x:GuidingDocument AND NOT x:BaseDocument]) AS rest
UNWIND shown AS n
OPTIONAL MATCH link = (n)-[:BASED_ON|PLACED_UNDER|COVERS|IMPLEMENTS|RESPONSIBLE_FOR|AMENDS|REPEALS|REPLACES]->(m)
WHERE m IN shown
RETURN n, collect(link) AS links,
       CASE rest WHEN 0 THEN '全部显示' ELSE '另有 ' + toString(rest) + ' 份配套或层级未明的文件未显示（上限 limit = ' + toString($limit) + '）' END AS 未显示
