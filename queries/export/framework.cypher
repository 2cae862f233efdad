// One framework's own properties (declared targets come back flattened).
:param framework => 'kunming-1-7-n';
MATCH (f:Framework {id: $framework})
RETURN properties(f) AS framework
