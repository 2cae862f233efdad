// Create or replace a framework node's properties (declared targets flattened).
:param framework => {id: 'demo', name: 'Demo framework', declared_documents: 3};
MERGE (f:Framework {id: $framework.id})
SET f = $framework
