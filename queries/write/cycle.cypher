// Would basing a document on these ids close a BASED_ON cycle? One shortest path from any of
// them back to the document, as ids; ids is null when there is none.
:param id => 'km-base-party-building';
:param based_on => ['km-party-led-property-services-opinion'];
MATCH (doc:Document {id: $id})
OPTIONAL MATCH path = ANY SHORTEST (basis:Document)-[:BASED_ON]->+(doc)
WHERE basis.id IN $based_on
WITH path ORDER BY length(path), [n IN nodes(path) | n.id]
LIMIT 1
RETURN [n IN nodes(path) | n.id] AS ids
