// Delete a pillar and all its links.
:param id => 'demo-pillar';
MATCH (n:Pillar {key: $id})
DETACH DELETE n
RETURN count(n) AS deleted
