"""The demo's papers: small real PDFs made here, which pass the upload checks."""

import re
import textwrap

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone


def _pdf_text(text):
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return escaped.encode("cp1252", errors="replace")


def pdf_bytes(title, lines):
    """A one-page PDF 1.4 document showing `title` and `lines` in Helvetica: valid (it opens in any
    reader and passes the upload checks), deterministic and made in microseconds."""
    stream = [b"BT", b"/F1 16 Tf", b"72 770 Td", b"(" + _pdf_text(title) + b") Tj", b"/F1 11 Tf", b"0 -30 Td"]
    for line in lines:
        for part in textwrap.wrap(line, 85) or [""]:
            stream += [b"(" + _pdf_text(part) + b") Tj", b"0 -16 Td"]
    stream.append(b"ET")
    content = b"\n".join(stream)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def paper_file(meeting, item, title):
    name = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:80] + ".pdf"
    lines = [
        f"{meeting.body.name}: {meeting.display_title}, {timezone.localtime(meeting.starts_at):%-d %B %Y}",
        f"Agenda item {item.position}: {item.title}" + (" (confidential)" if item.confidential else ""),
        "",
        "This is a demonstration paper of the Cumbria Strategic Partnership portal.",
    ]
    return SimpleUploadedFile(name, pdf_bytes(title, lines), content_type="application/pdf")
