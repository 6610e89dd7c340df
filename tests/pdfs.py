"""Checks on the PDFs the portal writes, read back with pypdf (shared by every PDF's tests)."""

import io

from pypdf import PdfReader


def assert_tagged(pdf_bytes):
    """A tagged PDF (ISO 32000 14.8): /MarkInfo /Marked true, a structure tree whose root holds
    the document's elements, the language and title that screen readers announce, and the
    PDF/UA-1 identification in its XMP metadata."""
    reader = PdfReader(io.BytesIO(pdf_bytes))
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712 (a pypdf BooleanObject)
    tree = root["/StructTreeRoot"].get_object()
    kids = tree["/K"]
    assert kids, "the structure tree is empty"
    assert str(root["/Lang"]).startswith("en")
    assert reader.metadata.title
    xmp = root["/Metadata"].get_object().get_data()
    assert b"pdfuaid:part" in xmp and b"1" in xmp.split(b"pdfuaid:part", 1)[1][:20]
    return reader
