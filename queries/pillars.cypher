// The pillars in order, each with its base document (the :BaseDocument that implements it).
// A pillar with several base documents lists them all in `base_documents` (the audit flags it).
:param framework => null;
MATCH (p:Pillar)
WHERE $framework IS NULL OR p.framework = $framework
RETURN p {.key, .name, .name_en, .order, .framework} AS pillar,
       COLLECT {
         MATCH (b:BaseDocument)-[:IMPLEMENTS]->(p)
         RETURN b {.id, .title, .title_en, .tier, .status} ORDER BY b.id
       } AS base_documents
ORDER BY p.framework, p.order, p.key
