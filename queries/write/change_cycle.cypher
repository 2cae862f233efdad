// Would these changes (AMENDS, REPEALS, REPLACES from the document to these ids) close a cycle of
// changes? A document cannot change one that, through changes, changes it. One shortest path
// from any of them back to the document, as ids; ids is null when there is none.
:param id => 'km-base-party-building';
:param changes => ['km-party-led-property-services-opinion'];
MATCH (doc:Document {id: $id})
OPTIONAL MATCH path = ANY SHORTEST (other:Document)-[:AMENDS|REPEALS|REPLACES]->+(doc)
WHERE other.id IN $changes
WITH path ORDER BY length(path), [n IN nodes(path) | n.id]
LIMIT 1
RETURN [n IN nodes(path) | n.id] AS ids
