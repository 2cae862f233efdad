// One document with its evidence; its links, each with the link's evidence: the pillars it
// implements, its own basis (BASED_ON), its place in the framework (PLACED_UNDER), the topics it
// covers, the departments responsible for it; the changes it makes (AMENDS, REPEALS, REPLACES)
// and those made to it (changed_by); its status today (repealed once a repeal has taken effect,
// else the recorded one); and how many records depend on it (transitively, over BASED_ON,
// PLACED_UNDER and COVERS, up to 50 hops).
:param id => 'km-base-party-building';
MATCH (doc:Document {id: $id})
CALL (doc) {
  OPTIONAL MATCH (doc)<-[:BASED_ON|PLACED_UNDER|COVERS*1..50]-(dependent)
  WHERE dependent <> doc
  RETURN count(DISTINCT dependent) AS dependents_count
}
RETURN properties(doc) AS document,
       CASE WHEN doc.repealed AND coalesce(doc.repealed_on <= date(), true) THEN 'repealed' ELSE doc.status END AS status,
       CASE WHEN NOT (coalesce(doc.in_force_from <= date(), true) AND coalesce(doc.in_force_until > date(), true)) THEN 'no'
            WHEN doc.in_force_from IS NULL OR doc.end_unknown THEN 'unknown'
            ELSE 'yes' END AS in_force,
       COLLECT {
         MATCH (doc)-[r:IMPLEMENTS]->(p:Pillar)
         RETURN p {.key, .name, .name_en, .order, certainty: r.certainty, reason: r.reason, sources: r.sources}
         ORDER BY p.order, p.key
       } AS pillars,
       COLLECT {
         MATCH (doc)-[r:BASED_ON]->(b:Document)
         RETURN b {.id, .title, .title_en, .tier, .status, certainty: r.certainty, reason: r.reason, sources: r.sources}
         ORDER BY b.id
       } AS based_on,
       COLLECT {
         MATCH (doc)-[r:PLACED_UNDER]->(b:Document)
         RETURN b {.id, .title, .title_en, .tier, .status, certainty: r.certainty, reason: r.reason, sources: r.sources}
         ORDER BY b.id
       } AS placed_under,
       COLLECT {
         MATCH (doc)-[r:COVERS]->(t:Topic)
         RETURN t {.id, .name, certainty: r.certainty, reason: r.reason, sources: r.sources}
         ORDER BY t.id
       } AS covers,
       dependents_count,
       COLLECT {
         MATCH (dep:Department)-[r:RESPONSIBLE_FOR]->(doc)
         RETURN dep {.id, .name, .name_en, role: r.role, certainty: r.certainty, reason: r.reason, sources: r.sources}
         ORDER BY r.role DESC, dep.id
       } AS responsible,
       COLLECT {
         MATCH (doc)-[r:AMENDS|REPEALS|REPLACES]->(b:Document)
         RETURN b {.id, .title, .title_en, .tier, .status, change: type(r), effective_on: r.effective_on,
                   certainty: r.certainty, reason: r.reason, sources: r.sources}
         ORDER BY b.id, type(r)
       } AS changes,
       COLLECT {
         MATCH (doc)<-[r:AMENDS|REPEALS|REPLACES]-(b:Document)
         RETURN b {.id, .title, .title_en, .tier, .status, change: type(r), effective_on: r.effective_on,
                   certainty: r.certainty, reason: r.reason, sources: r.sources}
         ORDER BY r.effective_on, b.id, type(r)
       } AS changed_by
