"""Data built once for a whole test module: inside an outer transaction rolled back when the
module ends, so each test's own transaction is a savepoint within it and what a test writes is
gone before the next. Only for modules without transactional tests, which would flush it."""

from contextlib import contextmanager

from django.db import transaction


@contextmanager
def rolled_back_after_the_module(django_db_blocker):
    """Use in a module-scoped fixture (after django_db_setup): build the data, then yield."""
    with django_db_blocker.unblock(), transaction.atomic():
        try:
            yield
        finally:
            transaction.set_rollback(True)
