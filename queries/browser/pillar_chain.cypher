// The headline, drawn: a pillar, its base document, where the scheme places that base, and one
// shortest chain (basis or placement: BASED_ON, PLACED_UNDER, COVERS) from every record that
// depends on the base (at most max_depth hops). Inferred links are captioned 推断. as_of (a date, or
// null for the graph as recorded): the chain as it stood that day, through the documents in force
// then (or of unknown force); e.g. :param as_of => date('2022-06-30').
:param key => 'party-leadership';
:param max_depth => 10;
:param as_of => null;
MATCH implements = (pillar:Pillar {key: $key})<-[:IMPLEMENTS]-(base:BaseDocument)
WHERE ($as_of IS NULL OR (coalesce(base.in_force_from <= $as_of, true) AND coalesce(base.in_force_until > $as_of, true)))
OPTIONAL MATCH chain = ANY SHORTEST (dependent)-[:BASED_ON|PLACED_UNDER|COVERS]->{1,50}(base)
WHERE length(chain) <= $max_depth AND dependent <> base
  AND all(record IN nodes(chain) WHERE ($as_of IS NULL OR (coalesce(record.in_force_from <= $as_of, true) AND coalesce(record.in_force_until > $as_of, true))))
OPTIONAL MATCH placed = (base)-[:PLACED_UNDER|BASED_ON]->(:GuidingDocument)
RETURN implements, chain, placed
