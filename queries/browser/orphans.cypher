// 孤立文件（orphans）: a framework's base and supporting documents that reach no guiding document
// (the `unanchored` check), with their titles, grouped by the document they could attach to: the
// base document of a pillar the orphan (or what it rests on) implements; else 无候选. 断点 is where
// each one's chain stops (the last record it reaches). At most `limit` groups.
:param framework => 'kunming-1-7-n';
:param limit => 100;
CALL () {
  MATCH reach = (:GuidingDocument)<-[:BASED_ON|PLACED_UNDER|COVERS*0..50]-(reached)
  RETURN collect(DISTINCT reached) AS anchored
}
MATCH (d:Document)
WHERE d.framework = $framework AND d.tier IN ['base', 'supporting'] AND NOT d IN anchored
OPTIONAL MATCH up = (d)-[:BASED_ON|PLACED_UNDER|COVERS*0..50]->(top)
WHERE NOT EXISTS { (top)-[:BASED_ON|PLACED_UNDER|COVERS]->() }
WITH anchored, d, top ORDER BY length(up) DESC
WITH anchored, d, head(collect(top)) AS top
OPTIONAL MATCH (d)-[:BASED_ON|PLACED_UNDER|COVERS*0..50]->()-[:IMPLEMENTS]->(:Pillar)<-[:IMPLEMENTS]-(candidate:BaseDocument)
WHERE candidate <> d AND candidate IN anchored
WITH d, top, min(candidate.id) AS candidate_id
OPTIONAL MATCH (candidate:Document {id: candidate_id})
WITH coalesce(candidate.short_title, candidate.title, '（无候选）') AS attach, candidate_id,
     collect(coalesce(d.short_title, d.title) + '（' + d.id + CASE WHEN top IS NOT NULL AND top <> d THEN '，断于 ' + coalesce(top.short_title, top.title) ELSE '' END + '）') AS orphans
ORDER BY candidate_id IS NULL, size(orphans) DESC, attach
LIMIT $limit
WITH collect({可挂靠到: attach, 编号: candidate_id, 孤立文件数: size(orphans), 孤立文件: orphans}) AS rows
UNWIND CASE WHEN rows = [] THEN [{可挂靠到: '没有孤立文件：每份基础性、配套文件都通向纲领性文件', 孤立文件数: 0}] ELSE rows END AS row
RETURN row.可挂靠到 AS 可挂靠到, row.编号 AS 编号, row.孤立文件数 AS 孤立文件数, row.孤立文件 AS 孤立文件
