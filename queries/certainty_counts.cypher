// How many claims are stated and how many inferred, per framework: records (documents, topics,
// pillars, departments) and links (out of its documents and topics; RESPONSIBLE_FOR into its
// documents). Totals come from degrees (no relationship is read); the inferred ones from the
// certainty indexes, since most claims are stated.
:param framework => null;
MATCH (f:Framework)
WHERE $framework IS NULL OR f.id = $framework
CALL (f) {
  OPTIONAL MATCH (n:Document|Topic|Pillar|Department {framework: f.id})
  RETURN count(n) AS records,
         count(CASE WHEN n.certainty = 'inferred' THEN 1 END) AS inferred_records,
         sum(CASE WHEN n:Document OR n:Topic
                  THEN COUNT { (n)-[:BASED_ON|PLACED_UNDER|COVERS|IMPLEMENTS]->() } ELSE 0 END)
         + sum(CASE WHEN n:Document THEN COUNT { (n)<-[:RESPONSIBLE_FOR]-() } ELSE 0 END) AS links
}
CALL (f) {
  CALL () {
    MATCH (a)-[r:BASED_ON]->() USING INDEX r:BASED_ON(certainty) WHERE r.certainty = 'inferred' RETURN a, r
    UNION
    MATCH (a)-[r:PLACED_UNDER]->() USING INDEX r:PLACED_UNDER(certainty) WHERE r.certainty = 'inferred' RETURN a, r
    UNION
    MATCH (a)-[r:COVERS]->() USING INDEX r:COVERS(certainty) WHERE r.certainty = 'inferred' RETURN a, r
    UNION
    MATCH (a)-[r:IMPLEMENTS]->() USING INDEX r:IMPLEMENTS(certainty) WHERE r.certainty = 'inferred' RETURN a, r
    UNION
    MATCH ()-[r:RESPONSIBLE_FOR]->(a) USING INDEX r:RESPONSIBLE_FOR(certainty) WHERE r.certainty = 'inferred'
    RETURN a, r
  }
  WITH a, r WHERE a.framework = f.id
  RETURN count(r) AS inferred_links
}
RETURN f.id AS framework,
       {stated: records - inferred_records, inferred: inferred_records} AS records,
       {stated: links - inferred_links, inferred: inferred_links} AS links
ORDER BY f.id
