"""One reader for the CSV files the portal imports (attendance, measurements): UTF-8 text or
bytes, with or without a byte-order mark, a header line, then rows. Every problem with the
file's shape is told with its line number (the header is line 1), as the formats say
(docs/formats.md)."""

import csv
import io
from collections import Counter

from django.core.exceptions import ValidationError


def read_csv(stream, *, columns, required=None):
    """The file's non-blank rows as (line, {column: value}, problem), values stripped. A row of
    the wrong length has no values and a problem, for the caller to report with its own.

    `required=None` asks for exactly `columns`, in order; otherwise the header may name
    `columns` in any order, leaving out those not `required`, and a missing one reads "".
    Raises ValidationError (a message per problem) when the file cannot be read as such a file."""
    text = _text(stream.read())
    header_text = ",".join(columns)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if header is None or not any(cell.strip() for cell in header):
            raise ValidationError([f"line 1: the file is empty; the first line must be the header {header_text}"])
        names = [cell.strip().lower() for cell in header]
        _check_header(names, header, columns, required)
        rows, last = [], reader.line_num
        for record in reader:
            line, last = last + 1, reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            if len(record) != len(names):
                rows.append((line, None, f"expected {len(names)} values ({','.join(names)}), found {len(record)}"))
                continue
            values = dict.fromkeys(columns, "") | dict(zip(names, (cell.strip() for cell in record)))
            rows.append((line, values, ""))
    except csv.Error as error:
        raise ValidationError([f"line {reader.line_num}: not valid CSV: {error}"]) from None
    return rows


def _text(data):
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            raise ValidationError([f"line {line}: the file is not UTF-8 text; save it as CSV UTF-8"]) from None
    return data.removeprefix("\ufeff")


def _check_header(names, header, columns, required):
    header_text = ",".join(columns)
    if required is None:
        if tuple(names) != tuple(columns):
            raise ValidationError(
                [f"line 1: the header must be {header_text} (found {','.join(cell.strip() for cell in header)})"]
            )
        return
    errors = [f"line 1: unknown column {name!r}; the columns are {header_text}" for name in names if name not in columns]
    errors += [f"line 1: column {name!r} appears twice" for name, n in Counter(names).items() if n > 1 and name in columns]
    errors += [f"line 1: missing column {name!r}" for name in required if name not in names]
    if errors:
        raise ValidationError(errors)
