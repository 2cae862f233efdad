// One document with its pillars, its direct bases, how many documents depend on it
// (transitively, up to 50 hops), and the departments responsible for it.
:param id => 'km-base-party-building';
MATCH (doc:Document {id: $id})
CALL (doc) {
  OPTIONAL MATCH ANY SHORTEST (dependent:Document)-[:BASED_ON]->{1,50}(doc)
  WHERE dependent <> doc
  RETURN count(DISTINCT dependent) AS dependents_count
}
RETURN properties(doc) AS document,
       COLLECT {
         MATCH (doc)-[:IMPLEMENTS]->(p:Pillar)
         RETURN p {.key, .name, .name_en, .order} ORDER BY p.order, p.key
       } AS pillars,
       COLLECT {
         MATCH (doc)-[:BASED_ON]->(b:Document)
         RETURN b {.id, .title, .title_en, .tier, .status} ORDER BY b.id
       } AS based_on,
       dependents_count,
       COLLECT {
         MATCH (dep:Department)-[r:RESPONSIBLE_FOR]->(doc)
         RETURN dep {.id, .name, .name_en, role: r.role} ORDER BY r.role DESC, dep.id
       } AS responsible
