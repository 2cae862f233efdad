// Would basing a document on these ids close a BASED_ON cycle? One shortest path from any of
// them back to the document, as ids (none: no cycle).
:param id => 'km-base-party-building';
:param based_on => ['km-sup-whistle-and-report'];
MATCH (doc:Document {id: $id})
MATCH path = ANY SHORTEST (basis:Document)-[:BASED_ON]->+(doc)
WHERE basis.id IN $based_on
RETURN [n IN nodes(path) | n.id] AS ids
ORDER BY length(path), ids
LIMIT 1
