// A framework's pillars, in their order.
:param framework => 'kunming-1-7-n';
MATCH (p:Pillar {framework: $framework})
RETURN properties(p) AS pillar
ORDER BY p.order, p.key
