// One framework's dependency graph, packed for a pass in Python (services/critical.py): its
// documents and topics, the links each rests on (BASED_ON, PLACED_UNDER, COVERS: the ones the
// `unanchored` check follows), its guiding documents, and the pillars each record implements.
// A link to a record of another framework counts as one to a record that is anchored.
:param framework => 'kunming-1-7-n';
CALL () {
  MATCH (d:Document {framework: $framework})
  RETURN collect(d.id) AS documents, collect(CASE WHEN d:GuidingDocument THEN d.id END) AS guiding
}
CALL () {
  MATCH (t:Topic {framework: $framework})
  RETURN collect(t.id) AS topics
}
CALL () {
  CALL () {
    MATCH (a:Document {framework: $framework})-[:BASED_ON|PLACED_UNDER|COVERS]->(b)
    RETURN a.id AS source, b.id AS target, b.framework = $framework AS inside
    UNION ALL
    MATCH (a:Topic {framework: $framework})-[:BASED_ON|PLACED_UNDER|COVERS]->(b)
    RETURN a.id AS source, b.id AS target, b.framework = $framework AS inside
  }
  RETURN collect(source) AS sources, collect(target) AS targets, collect(inside) AS inside
}
CALL () {
  CALL () {
    MATCH (a:Document {framework: $framework})-[:IMPLEMENTS]->(p:Pillar)
    RETURN a.id AS implementer, p.key AS pillar
    UNION ALL
    MATCH (a:Topic {framework: $framework})-[:IMPLEMENTS]->(p:Pillar)
    RETURN a.id AS implementer, p.key AS pillar
  }
  RETURN collect(implementer) AS implementers, collect(pillar) AS pillars
}
RETURN documents, guiding, topics, sources, targets, inside, implementers, pillars
