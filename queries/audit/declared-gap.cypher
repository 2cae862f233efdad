// declared-gap: the framework's declared counts (documents, issued, supporting) against what is
// recorded. `issued` counts status issued or amended; documents whose status is unknown are
// named in the message, since some of them may be issued.
:param frameworks => ['kunming-1-7-n'];
:param limit => 100;
MATCH (f:Framework)
WHERE f.id IN $frameworks
CALL (f) {
  OPTIONAL MATCH (d:Document {framework: f.id})
  RETURN count(d) AS documents,
         count(CASE WHEN d.status IN ['issued', 'amended'] THEN 1 END) AS issued,
         count(CASE WHEN d.tier = 'supporting' THEN 1 END) AS supporting,
         count(CASE WHEN d.status = 'unknown' THEN 1 END) AS unknown
}
UNWIND [
  {measure: 'documents', declared: f.declared_documents, recorded: documents},
  {measure: 'issued', declared: f.declared_issued, recorded: issued},
  {measure: 'supporting', declared: f.declared_supporting, recorded: supporting}
] AS gap
WITH f, gap, unknown
WHERE gap.declared IS NOT NULL AND gap.declared <> gap.recorded
WITH f, gap, unknown ORDER BY f.id
WITH collect({
  subject: f.id, subject_type: 'framework', framework: f.id, title: f.name, related: [gap.measure],
  message: 'Declared ' + gap.declared + ' ' + gap.measure + ', recorded ' + gap.recorded
           + CASE WHEN gap.declared > gap.recorded
                  THEN ' (' + (gap.declared - gap.recorded) + ' missing)'
                  ELSE ' (' + (gap.recorded - gap.declared) + ' more than declared)' END
           + CASE WHEN gap.measure = 'issued' AND unknown > 0
                  THEN '; ' + unknown + ' recorded documents have status unknown' ELSE '' END
           + '. Record the missing documents, or correct the declared count with its source.'}) AS rows
RETURN size(rows) AS total, rows[..$limit] AS findings
