// The headline, drawn: a pillar, its base document, the guiding document it rests on, and one
// shortest BASED_ON chain from every document that depends on the base (at most max_depth hops).
:param key => 'party-leadership';
:param max_depth => 10;
MATCH implements = (pillar:Pillar {key: $key})<-[:IMPLEMENTS]-(base:BaseDocument)
OPTIONAL MATCH chain = ANY SHORTEST (:Document)-[:BASED_ON]->{1,50}(base)
WHERE length(chain) <= $max_depth
OPTIONAL MATCH rests = (base)-[:BASED_ON]->(:GuidingDocument)
RETURN implements, chain, rests
