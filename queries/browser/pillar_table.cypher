// 一个支柱的依赖文件（as a table）: every record that depends on a pillar's base document (the
// pillar by key or name), nearest first: its distance, short title, title, tier, status, how it
// depends (依据 basis: BASED_ON links only; 归属 structure: through a placement), stated or inferred,
// and the titles along one shortest chain. At most `limit` rows, `max_depth` hops.
:param pillar => '党委领导';
:param max_depth => 10;
:param limit => 200;
:param as_of => null;
MATCH (p:Pillar)
WHERE p.key = $pillar OR p.name = $pillar
MATCH (p)<-[:IMPLEMENTS]-(base:BaseDocument)
WHERE ($as_of IS NULL OR (coalesce(base.in_force_from <= $as_of, true) AND coalesce(base.in_force_until > $as_of, true)))
MATCH chain = ANY SHORTEST (dependent)-[:BASED_ON|PLACED_UNDER|COVERS]->{1,50}(base)
WHERE length(chain) <= $max_depth AND dependent <> base
  AND all(record IN nodes(chain) WHERE ($as_of IS NULL OR (coalesce(record.in_force_from <= $as_of, true) AND coalesce(record.in_force_until > $as_of, true))))
WITH p, dependent, chain ORDER BY length(chain), dependent.id LIMIT $limit
RETURN length(chain) AS 距离,
       coalesce(dependent.short_title, dependent.short_name, '') AS 简称,
       coalesce(dependent.title, dependent.name) AS 标题,
       CASE dependent.tier WHEN 'guiding' THEN '纲领性' WHEN 'base' THEN '基础性' WHEN 'supporting' THEN '配套'
                           WHEN 'unknown' THEN '层级未明' ELSE '议题' END AS 层级,
       CASE WHEN dependent.repealed AND coalesce(dependent.repealed_on <= coalesce($as_of, date()), true) THEN '已废止'
            ELSE CASE dependent.status WHEN 'issued' THEN '已出台' WHEN 'amended' THEN '已修订' WHEN 'repealed' THEN '已废止'
                 WHEN 'planned' THEN '计划中' WHEN 'drafting' THEN '起草中' WHEN 'unknown' THEN '状态未知' ELSE '' END END AS 状态,
       CASE WHEN all(link IN relationships(chain) WHERE type(link) = 'BASED_ON') THEN '依据' ELSE '归属' END AS 关系,
       CASE WHEN all(x IN nodes(chain) + relationships(chain) WHERE x.certainty = 'stated') THEN '明言' ELSE '推断' END AS 确定性,
       reduce(s = '', x IN nodes(chain) | s + CASE s WHEN '' THEN '' ELSE ' → ' END
              + coalesce(x.short_title, x.short_name, x.title, x.name)) AS 路径,
       dependent.id AS 编号
