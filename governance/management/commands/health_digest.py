"""Send the governance health digest to partnership staff now (the Celery beat sends it on the
first of each month)."""

import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from governance.health.digest import digest_context, digest_recipients, send_health_digest
from governance.health.selectors import validate_as_at


class Command(BaseCommand):
    help = "Email the governance health digest (counts and worst findings) to every staff user now."

    def add_arguments(self, parser):
        parser.add_argument("--on", help="Check as at this date (YYYY-MM-DD); default today.")
        parser.add_argument("--dry-run", action="store_true", help="Print the summary and recipients; send nothing.")

    def handle(self, *args, on=None, dry_run=False, **options):
        if on:
            try:
                on = datetime.date.fromisoformat(on)
            except ValueError:
                raise CommandError(f"“{on}” is not a date in the form YYYY-MM-DD.") from None
            try:
                validate_as_at(on)
            except ValidationError as error:
                raise CommandError(error.messages[0]) from None
        if dry_run:
            summary = digest_context(on)["summary"]
            self.stdout.write(
                f"{summary.bodies} bodies: {summary.by_severity['problem']} with problems, "
                f"{summary.by_severity['warning']} with warnings only, {summary.by_severity['good']} healthy."
            )
            self.stdout.write(f"Would email: {', '.join(digest_recipients()) or 'nobody (no staff user has an email)'}")
            return
        sent = send_health_digest(on)
        if not sent:
            raise CommandError("No digest sent: no active staff user has an email address.")
        self.stdout.write(self.style.SUCCESS(f"Sent the governance health digest to {sent} staff user{'s' if sent != 1 else ''}."))
