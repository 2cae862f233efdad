// Declared beside recorded, per framework and measure (documents, issued, guiding, base,
// supporting). `recorded` counts the documents a source places in that measure. `unknown`
// counts recorded documents that might belong to it but are not placed or not known to: for a
// tier or the documents, those no source places (tier unknown); for issued, those placed with
// status unknown plus those unplaced whose status is issued, amended or unknown. So the gap is
// a range: at least declared - recorded - unknown, at most declared - recorded. Topics are not
// documents and count nowhere here. The stats and the audit's declared-gap check both read it.
:param frameworks => ['kunming-1-7-n'];
MATCH (f:Framework)
WHERE f.id IN $frameworks
CALL (f) {
  OPTIONAL MATCH (d:Document {framework: f.id})
  WITH d, d.tier <> 'unknown' AS placed, d.status IN ['issued', 'amended'] AS issued
  RETURN count(CASE WHEN placed THEN 1 END) AS documents,
         count(CASE WHEN d.tier = 'unknown' THEN 1 END) AS unplaced,
         count(CASE WHEN placed AND issued THEN 1 END) AS issued,
         count(CASE WHEN (placed AND d.status = 'unknown') OR (NOT placed AND (issued OR d.status = 'unknown'))
                    THEN 1 END) AS maybe_issued,
         count(CASE WHEN d.tier = 'guiding' THEN 1 END) AS guiding,
         count(CASE WHEN d.tier = 'base' THEN 1 END) AS base,
         count(CASE WHEN d.tier = 'supporting' THEN 1 END) AS supporting
}
UNWIND [
  {measure: 'documents', declared: f.declared_documents, recorded: documents, unknown: unplaced},
  {measure: 'issued', declared: f.declared_issued, recorded: issued, unknown: maybe_issued},
  {measure: 'guiding', declared: f.declared_guiding, recorded: guiding, unknown: unplaced},
  {measure: 'base', declared: f.declared_base, recorded: base, unknown: unplaced},
  {measure: 'supporting', declared: f.declared_supporting, recorded: supporting, unknown: unplaced}
] AS row
RETURN f.id AS framework, f.name AS name, row.measure AS measure, row.declared AS declared,
       row.recorded AS recorded, row.unknown AS unknown
ORDER BY f.id
