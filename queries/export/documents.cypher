// A framework's documents with their links (each {target, props}: far end and evidence), tier by
// tier (guiding, base, supporting, unknown), by id; link lists by far end. as_of (a date or
// null): the framework as it stood that day: the documents in force then, or whose force is
// unknown, and the links between them.
:param framework => 'kunming-1-7-n';
:param as_of => null;
MATCH (d:Document {framework: $framework})
WHERE ($as_of IS NULL OR (coalesce(d.in_force_from <= $as_of, true) AND coalesce(d.in_force_until > $as_of, true)))
RETURN properties(d) AS document,
       COLLECT { MATCH (d)-[r:IMPLEMENTS]->(p:Pillar) RETURN {target: p.key, props: properties(r)} ORDER BY p.key } AS implements,
       COLLECT { MATCH (d)-[r:BASED_ON]->(b:Document) WHERE ($as_of IS NULL OR (coalesce(b.in_force_from <= $as_of, true) AND coalesce(b.in_force_until > $as_of, true))) RETURN {target: b.id, props: properties(r)} ORDER BY b.id } AS based_on,
       COLLECT { MATCH (d)-[r:PLACED_UNDER]->(b:Document) WHERE ($as_of IS NULL OR (coalesce(b.in_force_from <= $as_of, true) AND coalesce(b.in_force_until > $as_of, true))) RETURN {target: b.id, props: properties(r)} ORDER BY b.id } AS placed_under,
       COLLECT { MATCH (d)-[r:COVERS]->(t:Topic) RETURN {target: t.id, props: properties(r)} ORDER BY t.id } AS covers,
       COLLECT {
         MATCH (dep:Department)-[r:RESPONSIBLE_FOR]->(d)
         RETURN {target: dep.id, props: properties(r)} ORDER BY dep.id
       } AS responsible,
       COLLECT { MATCH (d)-[r:AMENDS]->(b:Document) WHERE ($as_of IS NULL OR (coalesce(b.in_force_from <= $as_of, true) AND coalesce(b.in_force_until > $as_of, true))) RETURN {target: b.id, props: properties(r)} ORDER BY b.id } AS amends,
       COLLECT { MATCH (d)-[r:REPEALS]->(b:Document) WHERE ($as_of IS NULL OR (coalesce(b.in_force_from <= $as_of, true) AND coalesce(b.in_force_until > $as_of, true))) RETURN {target: b.id, props: properties(r)} ORDER BY b.id } AS repeals,
       COLLECT { MATCH (d)-[r:REPLACES]->(b:Document) WHERE ($as_of IS NULL OR (coalesce(b.in_force_from <= $as_of, true) AND coalesce(b.in_force_until > $as_of, true))) RETURN {target: b.id, props: properties(r)} ORDER BY b.id } AS replaces
ORDER BY CASE d.tier WHEN 'guiding' THEN 0 WHEN 'base' THEN 1 WHEN 'supporting' THEN 2 ELSE 3 END, d.id
