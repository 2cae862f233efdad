// A department as stored, or nothing.
:param id => 'km-social-construction-leading-group';
MATCH (n:Department {id: $id})
RETURN properties(n) AS props
