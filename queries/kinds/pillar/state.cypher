// A pillar as stored, or nothing.
:param id => 'party-leadership';
MATCH (n:Pillar {key: $id})
RETURN properties(n) AS props
