"""Export the partnership's structure as a YAML structure file (docs/formats.md)."""

from django.core.management.base import BaseCommand, CommandError

from partnerships.structure_io import StructureExportError, dump_structure, export_structure


class Command(BaseCommand):
    help = (
        "Write the whole structure (organisations, people, bodies, memberships, links) as a "
        "structure file that import_structure reads back."
    )

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", help="write to this file instead of standard output")

    def handle(self, *args, output, **options):
        try:
            text = dump_structure(export_structure())
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
