// What rests on a pillar: the documents and topics implementing it, by id.
:param id => 'party-leadership';
MATCH (n:Pillar {key: $id})
RETURN COLLECT { MATCH (other)-[:BASED_ON|PLACED_UNDER|IMPLEMENTS]->(n) RETURN other.id AS id ORDER BY id } AS ids
