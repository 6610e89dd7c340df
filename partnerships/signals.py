"""Keep body permissions in step with memberships, whichever path wrote them (services, admin
inlines, imports); dates passing are handled by the nightly task (governance/tasks.py)."""

from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal, receiver

from .models import Membership, Person
from .permissions import sync_body_permissions, sync_permissions_for_people


@receiver([post_save, post_delete], sender=Membership)
def membership_changed(sender, instance, **kwargs):
    person_id = instance.person_id
    transaction.on_commit(lambda: sync_permissions_for_people([person_id]))


@receiver(post_save, sender=Person)
def person_changed(sender, instance, **kwargs):
    person_id = instance.pk
    transaction.on_commit(lambda: sync_permissions_for_people([person_id]))


# Sent inside the transaction of a bulk write to the structure (the structure import), once,
# with `person_ids`: the people whose rows or seats it created or changed. Bulk writes send no
# post_save; receivers that follow memberships (permissions here, caches) act on this instead.
structure_bulk_written = Signal()


@receiver(structure_bulk_written)
def structure_imported(sender, person_ids, **kwargs):
    person_ids = list(person_ids)
    transaction.on_commit(lambda: sync_permissions_for_people(person_ids))


@receiver(user_logged_in)
def refresh_on_login(sender, user, **kwargs):
    sync_body_permissions(user_ids=[user.pk])
