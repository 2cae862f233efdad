// What rests on a department: the documents it is responsible for, by id.
:param id => 'km-social-construction-leading-group';
MATCH (n:Department {id: $id})
RETURN COLLECT { MATCH (n)-[:RESPONSIBLE_FOR]->(other:Document) RETURN other.id AS id ORDER BY id } AS ids
