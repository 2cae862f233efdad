// Delete a department and all its links.
:param id => 'demo-department';
MATCH (n:Department {id: $id})
DETACH DELETE n
RETURN count(n) AS deleted
