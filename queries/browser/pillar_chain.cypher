// 一个支柱的链条（the headline, drawn）: a pillar (by key or name), its base document, where the
// scheme places that base, and one shortest chain (basis or placement: BASED_ON, PLACED_UNDER,
// COVERS) from each record that depends on the base, at most max_depth hops, the nearest `limit`
// of them; 未显示 counts the rest. Inferred links are captioned 推断. as_of (a date, or null for the
// graph as recorded): the chain as it stood that day, through the documents in force then (or of
// unknown force); e.g. :param as_of => date('2022-06-30').
:param pillar => '党委领导';
:param max_depth => 10;
:param limit => 100;
:param as_of => null;
MATCH (p:Pillar)
WHERE p.key = $pillar OR p.name = $pillar
MATCH implements = (p)<-[:IMPLEMENTS]-(base:BaseDocument)
WHERE ($as_of IS NULL OR (coalesce(base.in_force_from <= $as_of, true) AND coalesce(base.in_force_until > $as_of, true)))
CALL (base) {
  OPTIONAL MATCH chain = ANY SHORTEST (dependent)-[:BASED_ON|PLACED_UNDER|COVERS]->{1,50}(base)
  WHERE length(chain) <= $max_depth AND dependent <> base
    AND all(record IN nodes(chain) WHERE ($as_of IS NULL OR (coalesce(record.in_force_from <= $as_of, true) AND coalesce(record.in_force_until > $as_of, true))))
  WITH chain ORDER BY length(chain), nodes(chain)[0].id
  RETURN collect(chain) AS chains
}
OPTIONAL MATCH placed = (base)-[:PLACED_UNDER|BASED_ON]->(:GuidingDocument)
RETURN implements, chains[..$limit] AS chains, collect(placed) AS placed,
       '显示 ' + toString(size(chains[..$limit])) + ' 项，共 ' + toString(size(chains)) + ' 项依赖；未显示 '
         + toString(size(chains) - size(chains[..$limit])) + ' 项（上限 limit = ' + toString($limit) + '，深度 max_depth = '
         + toString($max_depth) + '）' AS 未显示
