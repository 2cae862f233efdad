// A document's lineage, drawn: one shortest BASED_ON chain to each document it rests on
// (at most max_depth hops), and the pillars the document and its ancestors implement.
:param id => 'km-sup-whistle-and-report';
:param max_depth => 10;
MATCH (doc:Document {id: $id})
CALL (doc) {
  OPTIONAL MATCH chain = ANY SHORTEST (doc)-[:BASED_ON]->{1,50}(ancestor:Document)
  WHERE length(chain) <= $max_depth AND ancestor <> doc
  RETURN collect(chain) AS chains, collect(ancestor) AS ancestors
}
UNWIND [doc] + ancestors AS reached
OPTIONAL MATCH serves = (reached)-[:IMPLEMENTS]->(:Pillar)
RETURN doc, chains, collect(serves) AS serves
