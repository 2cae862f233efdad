// A document by name (services/names.py): the documents whose title, short title or 发文字号 (as
// typed, or in its normalised form `number_key`) is `term`; at most 11, so more than 10 says
// "and more". Each equality has its own index (migration 8).
:param term => '物业服务意见';
:param number_key => null;
CALL () {
  MATCH (d:Document {title: $term}) RETURN d
  UNION
  MATCH (d:Document {short_title: $term}) RETURN d
  UNION
  MATCH (d:Document {doc_number: $term}) RETURN d
  UNION
  MATCH (d:Document {doc_number_key: $number_key}) RETURN d
}
WITH d ORDER BY d.id LIMIT 11
RETURN collect(d {.id, .title, .short_title, .framework}) AS matches
