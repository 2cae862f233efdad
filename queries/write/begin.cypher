// Every write starts here: it takes the change log's lock (writes run one at a time, so
// checks such as "would this close a cycle?" cannot race) and the change's sequence number.
// The token is new with every write: answers kept until the graph changes compare it (app/kept.py).
MERGE (log:ChangeLog {id: 'policygraph'})
SET log.seq = coalesce(log.seq, 0) + 1, log.token = randomUUID()
RETURN log.seq AS seq
