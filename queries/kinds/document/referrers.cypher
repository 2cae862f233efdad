// What rests on a document: the documents and topics based on or placed under it, by id.
:param id => 'km-base-party-building';
MATCH (n:Document {id: $id})
RETURN COLLECT { MATCH (other)-[:BASED_ON|PLACED_UNDER|IMPLEMENTS]->(n) RETURN other.id AS id ORDER BY id } AS ids
