// A department by name (services/names.py): exact names in `matches`; names that contain the
// given one, or are contained in it, in `nearest`.
:param term => '中共昆明市委组织部';
MATCH (g:Department)
WHERE g.name = $term OR g.name CONTAINS $term OR $term CONTAINS g.name
WITH g ORDER BY g.id
WITH collect(g {.id, title: g.name, short_title: null, .framework, exact: g.name = $term}) AS found
RETURN [x IN found WHERE x.exact][..11] AS matches, [x IN found WHERE NOT x.exact][..5] AS nearest
