// A framework's topics with their links (each {target, props}: far end and evidence), by id.
// as_of (a date or null): only links to documents in force that day, or whose force is unknown.
:param framework => 'kunming-1-7-n';
:param as_of => null;
MATCH (t:Topic {framework: $framework})
RETURN properties(t) AS topic,
       COLLECT { MATCH (t)-[r:IMPLEMENTS]->(p:Pillar) RETURN {target: p.key, props: properties(r)} ORDER BY p.key } AS implements,
       COLLECT { MATCH (t)-[r:PLACED_UNDER]->(b:Document) WHERE ($as_of IS NULL OR (coalesce(b.in_force_from <= $as_of, true) AND coalesce(b.in_force_until > $as_of, true))) RETURN {target: b.id, props: properties(r)} ORDER BY b.id } AS placed_under
ORDER BY t.id
