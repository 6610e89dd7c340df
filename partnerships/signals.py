"""Signals of the structure's writes.

Access to bodies needs none: it is read from the seats themselves (partnerships/policy.py)."""

from django.dispatch import Signal

# Sent inside the transaction of a bulk write to the structure (the structure import), once,
# with `person_ids`: the people whose rows or seats it created or changed. Bulk writes send no
# post_save; receivers that follow memberships act on this instead.
structure_bulk_written = Signal()
