// One document's life: its dates, the changes it makes and those made to it (AMENDS, REPEALS,
// REPLACES, each with its day), and its recorded edits through the API (the change log), oldest
// first, at most 500 of them (`edits_total` says how many there are).
:param id => 'km-party-led-property-services-opinion';
MATCH (d:Document {id: $id})
CALL (d) {
  MATCH (c:Change {subject: d.id}) WHERE c.kind = 'document'
  WITH c ORDER BY c.seq
  RETURN collect(c {.seq, .at, .actor, .action, .fields}) AS all_edits
}
RETURN d {.id, .title, .title_en, .tier, .status, .issued_on, .effective_from, .effective_until,
          status: CASE WHEN d.repealed AND coalesce(d.repealed_on <= date(), true) THEN 'repealed'
                       ELSE d.status END} AS document,
       COLLECT {
         MATCH (d)<-[r:AMENDS|REPEALS|REPLACES]-(other:Document)
         RETURN {change: type(r), incoming: true, on: r.effective_on, id: other.id, title: other.title} AS change
         UNION ALL
         MATCH (d)-[r:AMENDS|REPEALS|REPLACES]->(other:Document)
         RETURN {change: type(r), incoming: false, on: r.effective_on, id: other.id, title: other.title} AS change
       } AS changes,
       all_edits[..500] AS edits,
       size(all_edits) AS edits_total
