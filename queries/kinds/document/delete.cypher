// Delete a document and all its links.
:param id => 'demo-document';
MATCH (n:Document {id: $id})
DETACH DELETE n
RETURN count(n) AS deleted
