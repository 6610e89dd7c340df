"""Import indicator measurements from a CSV file (docs/formats.md, "Measurements file (CSV)").

The whole file is checked first and every problem is reported on standard error with its line
number (the header is line 1); if there is any, nothing is written and the command exits with
status 1. A row for a quarter that already has a value is a correction: the old value is kept in
the measurement's history. Importing the same file again changes nothing.
"""

import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from performance.services import HEADER, import_measurements


class Command(BaseCommand):
    help = (
        f"Import indicator measurements from a CSV file with the header {HEADER}. The whole file "
        "is checked first: if it has any error, nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help='the CSV file, or "-" for standard input')
        parser.add_argument("--dry-run", action="store_true", help="check the file and report what would change, writing nothing")

    def handle(self, *args, file, dry_run, **options):
        try:
            if file == "-":
                result = import_measurements(sys.stdin.buffer, dry_run=dry_run)
            else:
                try:
                    with open(file, "rb") as stream:
                        result = import_measurements(stream, dry_run=dry_run)
                except OSError as error:
                    raise CommandError(f"cannot read {file}: {error.strerror}") from None
        except ValidationError as error:
            for message in error.messages:
                self.stderr.write(message)
            count = len(error.messages)
            raise CommandError(f"{count} error{'s' if count != 1 else ''} in {file}: nothing was imported.") from None
        self.stdout.write(self.style.SUCCESS(result.summary()))
