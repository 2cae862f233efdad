// 支柱一览（the pillars and their keys）: each pillar, its key (for the other queries, which also
// take its name), its base document and how many documents implement it. Flat rows.
:param framework => 'kunming-1-7-n';
MATCH (p:Pillar)
WHERE $framework IS NULL OR p.framework = $framework
RETURN p.order AS 序号, p.name AS 支柱, p.key AS 键,
       COLLECT { MATCH (p)<-[:IMPLEMENTS]-(b:BaseDocument) RETURN coalesce(b.short_title, b.title) } AS 基础性文件,
       COUNT { (p)<-[:IMPLEMENTS]-(:Document) } AS 落实文件数,
       p.framework AS 体系
ORDER BY 体系, 序号
