"""Importing a structure file: check everything, then write, all or nothing."""

from django.db import transaction

from ..tree import tree_lock
from .schema import ImportResult, StructureImportError
from .writing import StructureWriter


def import_structure(data, *, dry_run=False) -> ImportResult:
    """Check a parsed structure file and, only if it has no errors, apply it in one transaction.

    Raises StructureImportError listing every problem; with `dry_run` nothing is kept."""
    importer = StructureWriter()
    with tree_lock():
        importer.read(data)
        if importer.sections:
            importer.check_references()
            importer.apply()
        if importer.errors:
            raise StructureImportError(importer.messages())
        importer.result.dry_run = dry_run
        if dry_run:
            transaction.set_rollback(True)
    return importer.result
