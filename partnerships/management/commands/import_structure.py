"""Import the partnership's structure from a YAML structure file (docs/formats.md)."""

import sys

from django.core.management.base import BaseCommand, CommandError

from partnerships.structure_io import StructureImportError, import_structure, load_structure_file


class Command(BaseCommand):
    help = (
        "Import organisations, people, bodies, memberships and links from a structure file. "
        "The whole file is checked first: if it has any error, nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help='the YAML structure file, or "-" for standard input')
        parser.add_argument(
            "--dry-run", action="store_true", help="check the file and report what would change, writing nothing"
        )

    def handle(self, *args, file, dry_run, **options):
        try:
            data = load_structure_file(sys.stdin.buffer if file == "-" else file)
            result = import_structure(data, dry_run=dry_run)
        except StructureImportError as error:
            for message in error.errors:
                self.stderr.write(message)
            count = len(error.errors)
            raise CommandError(f"{count} error{'s' if count != 1 else ''} in {file}: nothing was imported.") from error
        self.stdout.write(result.summary())
