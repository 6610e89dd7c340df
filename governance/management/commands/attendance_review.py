"""Evaluate the attendance rule now and open reviews for newly flagged seats: the same
evaluation the Celery task runs after attendance is recorded and every night."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from governance.reviews.services import open_attendance_reviews
from meetings.attendance import evaluate_all
from partnerships.models import Body


class Command(BaseCommand):
    help = (
        "Evaluate every body's attendance rule (by default the Carlisle Partnership Executive's: 2 of "
        "every 4 meetings, a deputy counting) and open a membership review for each newly flagged "
        "seat, emailing the body's chair and officers. Prints the reviews it opened."
    )

    def add_arguments(self, parser):
        parser.add_argument("--body", action="append", metavar="SLUG", help="only this body (repeatable)")
        parser.add_argument("--on", metavar="YYYY-MM-DD", help="evaluate as at this date (default today)")

    def handle(self, *args, body=None, on=None, **options):
        body_ids = None
        if body:
            found = dict(Body.objects.filter(slug__in=body).values_list("slug", "pk"))
            unknown = sorted(set(body) - found.keys())
            if unknown:
                raise CommandError(f"unknown body {', '.join(unknown)}")
            body_ids = list(found.values())
        if on:
            try:
                on = datetime.date.fromisoformat(on)
            except ValueError:
                raise CommandError(f"{on!r} is not a date (YYYY-MM-DD)") from None
        verdicts = evaluate_all(body_ids=body_ids, on=on)
        opened = open_attendance_reviews(verdicts)
        for review in sorted(opened, key=lambda r: (r.membership.body.name, r.membership.person.name)):
            membership = review.membership
            seat = membership.seat or membership.get_role_display()
            self.stdout.write(
                f"{membership.body}: {membership.person} ({seat}) attended {review.attended} of {review.window}"
            )
        flagged = sum(1 for v in verdicts if v.flagged)
        self.stdout.write(
            f"Opened {len(opened)} review{'s' if len(opened) != 1 else ''}; "
            f"{flagged} of {len(verdicts)} seats below their body's attendance rule."
        )
