"""Signals for structure writes that bypass the models' save(), so no post_save is sent."""

from django.dispatch import Signal

# Sent inside the transaction of a bulk write to the structure (the structure import), once,
# with `person_ids`: the people whose rows or seats it created or changed. Receivers that keep
# something in step with memberships (object permissions, caches) act on it as on post_save.
structure_bulk_written = Signal()
