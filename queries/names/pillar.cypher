// A pillar by name (services/names.py): exact names in `matches`; names that contain the given
// one, or are contained in it, in `nearest`. Pillars are few: a scan is cheap.
:param term => '党委领导';
MATCH (p:Pillar)
WHERE p.name = $term OR p.name CONTAINS $term OR $term CONTAINS p.name OR p.name_en = $term
WITH p ORDER BY p.framework, p.order
WITH collect(p {id: p.key, title: p.name, short_title: null, .framework, exact: p.name = $term OR p.name_en = $term}) AS found
RETURN [x IN found WHERE x.exact][..11] AS matches, [x IN found WHERE NOT x.exact][..5] AS nearest
