"""Quarters, written as in the partnership's returns: `2009Q3` (July to September 2009)."""

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError

QUARTER_PATTERN = re.compile(r"^(\d{4})Q([1-4])$")


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int

    @classmethod
    def parse(cls, text):
        """`2009Q3` -> Quarter(2009, 3); a Quarter as it is; ValueError with a readable message otherwise."""
        if isinstance(text, cls):
            return text
        match = QUARTER_PATTERN.match(str(text).strip().upper())
        if not match:
            raise ValueError(f"'{text}' is not a quarter like 2009Q3")
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def containing(cls, day: datetime.date):
        return cls(day.year, (day.month - 1) // 3 + 1)

    def __str__(self):
        return f"{self.year}Q{self.number}"

    @property
    def start(self):
        return datetime.date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self):
        return self.next().start - datetime.timedelta(days=1)

    def next(self):
        return Quarter(self.year + (self.number == 4), self.number % 4 + 1)

    def previous(self):
        return Quarter(self.year - (self.number == 1), (self.number - 2) % 4 + 1)

    def label(self):
        months = ["January to March", "April to June", "July to September", "October to December"]
        return f"{months[self.number - 1]} {self.year}"


def quarters_between(first, last):
    """Every quarter from `first` to `last` inclusive."""
    quarters, current = [], first
    while current <= last:
        quarters.append(current)
        current = current.next()
    return quarters


def validate_quarter(value):
    try:
        Quarter.parse(value)
    except ValueError as error:
        raise ValidationError(str(error)) from None
