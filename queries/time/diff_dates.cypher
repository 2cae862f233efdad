// What changed in the register between two days, as point-in-time views (lineage's as_of rules):
// documents that came into force or left it (kept: in force, or of unknown force), documents kept
// on both days whose status or force changed or that were amended in between, and BASED_ON /
// PLACED_UNDER links whose ends were kept on one day and not the other. Per framework (null:
// all); each list at most `limit`, with its total.
:param framework => null;
:param from => date('2022-03-31');
:param to => date('2022-04-01');
:param limit => 1000;
CALL () {
  MATCH (d:Document)
  WHERE $framework IS NULL OR d.framework = $framework
  WITH d,
       coalesce(d.in_force_from <= $from, true) AND coalesce(d.in_force_until > $from, true) AS before,
       coalesce(d.in_force_from <= $to, true) AND coalesce(d.in_force_until > $to, true) AS after,
       CASE WHEN d.repealed AND coalesce(d.repealed_on <= $from, true) THEN 'repealed' ELSE d.status END AS status_from,
       CASE WHEN d.repealed AND coalesce(d.repealed_on <= $to, true) THEN 'repealed' ELSE d.status END AS status_to
  WITH d, before, after, status_from, status_to,
       COLLECT { MATCH (d)<-[r:AMENDS]-(by:Document) WHERE $from < r.effective_on <= $to RETURN by.id } AS amended_by
  WHERE before <> after OR status_from <> status_to OR size(amended_by) > 0
  WITH d, before, after, status_from, status_to, amended_by ORDER BY d.id
  WITH collect({id: d.id, title: d.title, framework: d.framework, before: before, after: after,
                status_from: status_from, status_to: status_to, amended_by: amended_by}) AS rows
  RETURN [r IN rows WHERE NOT r.before AND r.after] AS added,
         [r IN rows WHERE r.before AND NOT r.after] AS removed,
         [r IN rows WHERE r.before AND r.after] AS changed
}
CALL () {
  MATCH (a:Document)-[r:BASED_ON|PLACED_UNDER]->(b:Document)
  WHERE $framework IS NULL OR a.framework = $framework
  WITH a, r, b,
       coalesce(a.in_force_from <= $from, true) AND coalesce(a.in_force_until > $from, true)
         AND coalesce(b.in_force_from <= $from, true) AND coalesce(b.in_force_until > $from, true) AS before,
       coalesce(a.in_force_from <= $to, true) AND coalesce(a.in_force_until > $to, true)
         AND coalesce(b.in_force_from <= $to, true) AND coalesce(b.in_force_until > $to, true) AS after
  WHERE before <> after
  WITH a, r, b, after ORDER BY a.id, b.id, type(r)
  WITH collect({source: a.id, target: b.id, type: type(r), framework: a.framework, added: after}) AS rows
  RETURN [r IN rows WHERE r.added] AS links_added, [r IN rows WHERE NOT r.added] AS links_removed
}
RETURN size(added) AS added_total, added[..$limit] AS added,
       size(removed) AS removed_total, removed[..$limit] AS removed,
       size(changed) AS changed_total, changed[..$limit] AS changed,
       size(links_added) AS links_added_total, links_added[..$limit] AS links_added,
       size(links_removed) AS links_removed_total, links_removed[..$limit] AS links_removed
