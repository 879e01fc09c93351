-- The audit trail is filtered by actor rarely, and scanned fast enough when it is; the index
-- cost every write. Targets keep theirs: a record's history reads it.
DROP INDEX audit_by_actor;
