// A document's lineage, drawn: one shortest chain (basis or placement: BASED_ON, PLACED_UNDER,
// COVERS) to each record it depends on (at most max_depth hops), and the pillars the document and
// those records implement. Inferred links are captioned 推断.
:param id => 'km-party-led-property-services-opinion';
:param max_depth => 10;
MATCH (doc:Document {id: $id})
CALL (doc) {
  OPTIONAL MATCH chain = ANY SHORTEST (doc)-[:BASED_ON|PLACED_UNDER|COVERS]->{1,50}(ancestor)
  WHERE length(chain) <= $max_depth AND ancestor <> doc
  RETURN collect(chain) AS chains, collect(ancestor) AS ancestors
}
UNWIND [doc] + ancestors AS reached
OPTIONAL MATCH serves = (reached)-[:IMPLEMENTS]->(:Pillar)
RETURN doc, chains, collect(serves) AS serves
