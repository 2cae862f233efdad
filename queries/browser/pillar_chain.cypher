// The headline, drawn: a pillar, its base document, where the scheme places that base, and one
// shortest chain (basis or placement: BASED_ON, PLACED_UNDER, COVERS) from every record that
// depends on the base (at most max_depth hops). Inferred links are captioned 推断.
:param key => 'party-leadership';
:param max_depth => 10;
MATCH implements = (pillar:Pillar {key: $key})<-[:IMPLEMENTS]-(base:BaseDocument)
OPTIONAL MATCH chain = ANY SHORTEST (dependent)-[:BASED_ON|PLACED_UNDER|COVERS]->{1,50}(base)
WHERE length(chain) <= $max_depth AND dependent <> base
OPTIONAL MATCH placed = (base)-[:PLACED_UNDER|BASED_ON]->(:GuidingDocument)
RETURN implements, chain, placed
