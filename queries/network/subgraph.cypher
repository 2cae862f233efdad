// A traversal's nodes as a network file draws them: documents and topics by id, departments by
// id, pillars by key (in the frameworks of those documents and topics), each with the attributes a network file carries, and every
// link among them (BASED_ON, PLACED_UNDER, COVERS, IMPLEMENTS, RESPONSIBLE_FOR, AMENDS, REPEALS,
// REPLACES) with its evidence. The lists come from a bounded traversal (at most 1,000 nodes).
:param documents => ['km-guiding-plan', 'km-base-party-building'];
:param topics => ['km-topic-whistle-and-report'];
:param pillars => ['party-leadership'];
:param departments => [];
CALL () {
  MATCH (n:Document) WHERE n.id IN $documents RETURN n
  UNION
  MATCH (n:Topic) WHERE n.id IN $topics RETURN n
  UNION
  MATCH (n:Department) WHERE n.id IN $departments RETURN n
}
WITH collect(n) AS records
WITH records, [f IN collect { UNWIND records AS r RETURN DISTINCT r.framework } WHERE f IS NOT NULL] AS frameworks
CALL (frameworks) {
  MATCH (p:Pillar) WHERE p.key IN $pillars AND p.framework IN frameworks
  RETURN collect(p) AS pillars
}
WITH records + pillars AS nodes
RETURN [n IN nodes | {
          kind: CASE WHEN n:Document THEN 'document' WHEN n:Topic THEN 'topic'
                     WHEN n:Pillar THEN 'pillar' ELSE 'department' END,
          key: coalesce(n.id, n.key),
          label: coalesce(n.short_title, n.short_name, n.title, n.name),
          title: coalesce(n.title, n.name),
          tier: n.tier, status: n.status, certainty: n.certainty, doc_number: n.doc_number,
          issued_on: n.issued_on, effective_from: n.effective_from, effective_until: n.effective_until,
          framework: n.framework,
          pillars: COLLECT { MATCH (n)-[:IMPLEMENTS]->(p:Pillar) RETURN p.key ORDER BY p.key }
        }] AS nodes,
       COLLECT {
         UNWIND nodes AS a
         MATCH (a)-[r:BASED_ON|PLACED_UNDER|COVERS|IMPLEMENTS|RESPONSIBLE_FOR|AMENDS|REPEALS|REPLACES]->(b)
         WHERE b IN nodes
         RETURN {source: coalesce(a.id, a.key),
                 source_kind: CASE WHEN a:Document THEN 'document' WHEN a:Topic THEN 'topic' ELSE 'department' END,
                 target: coalesce(b.id, b.key),
                 target_kind: CASE WHEN b:Document THEN 'document' WHEN b:Topic THEN 'topic'
                                   WHEN b:Pillar THEN 'pillar' ELSE 'department' END,
                 type: type(r), certainty: r.certainty, reason: r.reason, role: r.role, effective_on: r.effective_on}
       } AS edges
