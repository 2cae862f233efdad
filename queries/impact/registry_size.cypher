// How many documents the registry holds (from the count store: no scan). A dry run audits only
// below POLICYGRAPH_DRY_RUN_AUDIT_DOCUMENTS.
MATCH (d:Document)
RETURN count(d) AS documents
