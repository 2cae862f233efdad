// Whether the database already holds this framework (a bulk load creates new frameworks only).
:param framework => 'kunming-1-7-n';
OPTIONAL MATCH (f:Framework {id: $framework})
RETURN f IS NOT NULL AS held
