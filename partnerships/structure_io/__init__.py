"""The structure file: organisations, people, bodies, memberships and links as YAML.

The format is documented in docs/formats.md ("Structure file (YAML)"). Import reads the whole
file and reports every problem with its location before anything is kept; rows are matched by
name, so importing the same file twice changes nothing, and export then import round-trips.

schema.py holds the vocabulary, loading.py the YAML reading, checking.py the checks made before
anything is written, writing.py and tree_order.py the bulk writes, exporting.py the export.
"""

from .exporting import dump_structure, export_structure
from .importing import import_structure
from .loading import load_structure_file
from .schema import (
    ImportResult,
    StructureExportError,
    StructureFileError,
    StructureImportError,
)

__all__ = [
    "ImportResult", "StructureExportError", "StructureFileError", "StructureImportError", "dump_structure",
    "export_structure", "import_structure", "load_structure_file",
]
