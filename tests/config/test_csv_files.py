"""config/csv_files.py: the one reader of the imported CSV files."""

import io

import pytest
from django.core.exceptions import ValidationError

from config.csv_files import read_csv

COLUMNS = ("body", "date", "person", "status", "deputy")


def messages(data, **options):
    with pytest.raises(ValidationError) as raised:
        read_csv(io.BytesIO(data) if isinstance(data, bytes) else io.StringIO(data), columns=COLUMNS, **options)
    return raised.value.messages


def test_rows_come_with_their_lines_and_columns_in_any_order():
    text = "\ufeffPerson,body,date,status\n\nAnn,Board,2009-03-05,present\nBob,Board,2009-03-05\n"
    rows = read_csv(io.StringIO(text), columns=COLUMNS, required=("body", "date", "person", "status"))
    assert rows == [
        (3, {"body": "Board", "date": "2009-03-05", "person": "Ann", "status": "present", "deputy": ""}, ""),
        (4, None, "expected 4 values (person,body,date,status), found 3"),
    ]


def test_bytes_that_are_not_utf8_are_placed_on_their_line():
    assert messages(b"body,date,person,status,deputy\nZo\xeb\n") == ["line 2: the file is not UTF-8 text; save it as CSV UTF-8"]


def test_a_fixed_header_must_match_and_a_flexible_one_is_checked_column_by_column():
    assert messages("body,date\n") == ["line 1: the header must be body,date,person,status,deputy (found body,date)"]
    assert messages("body,body,colour\n", required=("body", "date")) == [
        "line 1: unknown column 'colour'; the columns are body,date,person,status,deputy",
        "line 1: column 'body' appears twice",
        "line 1: missing column 'date'",
    ]
    assert messages("") == ["line 1: the file is empty; the first line must be the header body,date,person,status,deputy"]
