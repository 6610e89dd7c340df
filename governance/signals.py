"""Governance's receivers, connected when the app is ready: the attendance review queued when a
meeting's register changes (meetings sends the signal, governance opens the reviews: the layers
in pyproject.toml), and the glossary's cached terms forgotten when a term changes."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from meetings.signals import attendance_recorded
from outbox.services import send_on_commit

from .glossary.models import GlossaryTerm
from .glossary.services import forget_terms
from .tasks import review_attendance


@receiver(attendance_recorded)
def attendance_changed(sender, meeting, **kwargs):
    # Through the outbox: a review asked for while the broker is down runs when it is back.
    send_on_commit(review_attendance, body_id=meeting.body_id)


@receiver([post_save, post_delete], sender=GlossaryTerm)
def glossary_changed(sender, **kwargs):
    # The next page that marks acronyms reads the terms afresh, once the change is committed.
    transaction.on_commit(forget_terms)
