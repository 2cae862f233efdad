// Record one change: who (the write key's name), when, what, and the before and after
// (JSON text of the interchange records; null before a create, null after a delete).
:param seq => 0;
:param actor => 'default';
:param action => 'update';
:param kind => 'document';
:param subject => 'km-base-party-building';
:param framework => 'kunming-1-7-n';
:param fields => ['status'];
:param before => '{"status": "unknown"}';
:param after => '{"status": "issued"}';
CREATE (c:Change {seq: $seq, at: datetime(), actor: $actor, action: $action, kind: $kind, subject: $subject,
                  framework: $framework, fields: $fields, before: $before, after: $after})
RETURN c.seq AS seq, c.at AS at
