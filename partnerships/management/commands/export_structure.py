"""Export the partnership's structure as a YAML structure file (docs/formats.md)."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from partnerships.structure_io import StructureExportError, dump_structure, export_structure


def _date(value):
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--on {value}: give a date in the form YYYY-MM-DD, e.g. 2009-11-05.") from None


class Command(BaseCommand):
    help = (
        "Write the whole structure (organisations, people, bodies, memberships, links) as a "
        "structure file that import_structure reads back; --on writes it as it stood on a date."
    )

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", help="write to this file instead of standard output")
        parser.add_argument(
            "--on", metavar="YYYY-MM-DD",
            help="the structure as it stood on this date: the bodies standing then under their parents of "
            "that day, and the seats held that day",
        )

    def handle(self, *args, output, on=None, **options):
        on = _date(on) if on else None
        try:
            text = dump_structure(export_structure(on=on))
        except StructureExportError as error:
            for message in error.errors:
                self.stderr.write(message)
            raise CommandError("the structure cannot be exported as it is: nothing was written.") from error
        if not output:
            self.stdout.write(text, ending="")
            return
        try:
            with open(output, "w", encoding="utf-8") as stream:
                stream.write(text)
        except OSError as error:
            raise CommandError(f"{output}: {error.strerror or error}") from error
