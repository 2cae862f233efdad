// The clean-up worklist (清理): every document the record says stands (not planned, drafting or
// repealed) with each department responsible for it, and what to do with it, judged on `today`:
// repeal (its term is over: effective_until passed, a provisional term overrun, the period in its
// title ended), amend (its basis was repealed or amended after it was issued, its end date is
// within `days`, or a basis link is suspect), else keep. By department, action, document; one page
// (offset, limit) and the total. department null: all; action null: all.
:param frameworks => ['kunming-1-7-n'];
:param today => null;
:param days => 90;
:param provisional_years => 2;
:param department => null;
:param action => null;
:param offset => 0;
:param limit => 10000;
WITH coalesce(date($today), date()) AS today
MATCH (dep:Department)-[duty:RESPONSIBLE_FOR]->(d:Document)
WHERE d.framework IN $frameworks AND ($department IS NULL OR dep.id = $department)
  AND NOT d.status IN ['planned', 'drafting', 'repealed']
  AND NOT (coalesce(d.repealed, false) AND coalesce(d.repealed_on <= today, true))
WITH dep, duty, d, today,
     COLLECT {
       MATCH (d)-[:BASED_ON]->(b:Document)
       WHERE b.status = 'repealed' OR (b.repealed AND coalesce(b.repealed_on <= today, true))
       RETURN b.id ORDER BY b.id
     } AS repealed_bases,
     COLLECT {
       MATCH (d)-[:BASED_ON]->(b:Document)<-[a:AMENDS]-(:Document)
       WHERE a.effective_on > d.issued_on AND a.effective_on <= today
       RETURN DISTINCT b.id AS id ORDER BY id
     } AS amended_bases,
     EXISTS { (d)-[link:BASED_ON]->() WHERE link.suspect = true } AS suspect
WITH dep, duty, d,
     [reason IN [
        CASE WHEN d.effective_until < today THEN {action: 'repeal', code: 'expired',
          text: '有效期已于 ' + toString(d.effective_until) + ' 届满'} END,
        CASE WHEN d.provisional AND d.effective_until IS NULL
                  AND d.in_force_from <= today - duration({years: $provisional_years})
             THEN {action: 'repeal', code: 'provisional-overdue',
                   text: '试行/暂行自 ' + toString(d.in_force_from) + ' 起已超过 ' + toString($provisional_years) + ' 年'} END,
        CASE WHEN d.period_end < today.year THEN {action: 'repeal', code: 'period-ended',
          text: '标题所示期限（' + toString(d.period_start) + '—' + toString(d.period_end) + '年）已结束'} END,
        CASE WHEN size(repealed_bases) > 0 THEN {action: 'amend', code: 'basis-repealed',
          text: '依据文件已废止：' + reduce(s = '', i IN repealed_bases | s + CASE WHEN s = '' THEN '' ELSE '、' END + i)} END,
        CASE WHEN size(amended_bases) > 0 THEN {action: 'amend', code: 'basis-amended',
          text: '依据文件在其印发后已修改：' + reduce(s = '', i IN amended_bases | s + CASE WHEN s = '' THEN '' ELSE '、' END + i)} END,
        CASE WHEN d.effective_until >= today AND d.effective_until <= today + duration({days: $days})
             THEN {action: 'amend', code: 'expiring', text: '将于 ' + toString(d.effective_until) + ' 到期'} END,
        CASE WHEN suspect THEN {action: 'amend', code: 'suspect', text: '依据文件在上次复核后有实质变化'} END
      ] WHERE reason IS NOT NULL] AS reasons
WITH dep, duty, d, reasons,
     CASE WHEN any(r IN reasons WHERE r.action = 'repeal') THEN 'repeal'
          WHEN size(reasons) > 0 THEN 'amend' ELSE 'keep' END AS action
WHERE $action IS NULL OR action = $action
WITH dep, duty, d, reasons, action
ORDER BY dep.id, CASE action WHEN 'repeal' THEN 0 WHEN 'amend' THEN 1 ELSE 2 END, d.id
WITH collect({
  department: dep.id, department_name: dep.name, role: duty.role, framework: d.framework,
  id: d.id, title: d.title, doc_number: d.doc_number, status: d.status,
  issued_on: d.issued_on, effective_until: d.effective_until, action: action,
  reasons: [r IN reasons | r.code], why: reduce(s = '', r IN reasons | s + CASE WHEN s = '' THEN '' ELSE '；' END + r.text)
}) AS rows
RETURN size(rows) AS total, rows[$offset..$offset + $limit] AS items
