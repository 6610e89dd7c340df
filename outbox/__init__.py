"""A durable outbox for Celery tasks: a task queued by a write is a row in that write's own
transaction, sent to the broker once the transaction commits and deleted once the broker has it.
While the broker is unreachable the row waits, and the worker and beat send it when the broker is
back, so a recorded attendance is reviewed and a requested report rendered, however long Redis
was down. Tasks sent this way must be idempotent: one can, rarely, be sent twice."""
