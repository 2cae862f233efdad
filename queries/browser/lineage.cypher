// 一份文件的来龙去脉（a document's lineage, drawn）: the document (by id, title, short title or
// 发文字号), one shortest chain (basis or placement: BASED_ON, PLACED_UNDER, COVERS) to each record
// it depends on (at most max_depth hops), and the pillars the document and those records implement.
// Inferred links are captioned 推断. as_of (a date, or null for the graph as recorded): the lineage
// as it stood that day, through the documents in force then (or of unknown force); e.g.
// :param as_of => date('2022-06-30').
:param document => '物业服务意见';
:param max_depth => 10;
:param as_of => null;
MATCH (doc:Document)
WHERE doc.id = $document OR doc.title = $document OR doc.short_title = $document OR doc.doc_number = $document
CALL (doc) {
  OPTIONAL MATCH chain = ANY SHORTEST (doc)-[:BASED_ON|PLACED_UNDER|COVERS]->{1,50}(ancestor)
  WHERE length(chain) <= $max_depth AND ancestor <> doc
    AND all(record IN nodes(chain) WHERE ($as_of IS NULL OR (coalesce(record.in_force_from <= $as_of, true) AND coalesce(record.in_force_until > $as_of, true))))
  RETURN collect(chain) AS chains, collect(ancestor) AS ancestors
}
UNWIND [doc] + ancestors AS reached
OPTIONAL MATCH serves = (reached)-[:IMPLEMENTS]->(:Pillar)
RETURN doc, chains, collect(serves) AS serves
