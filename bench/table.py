"""Plain-text tables for the benchmark suites."""


def print_rows(header, cells, *, numeric, out=print):
    """`header` and `cells` (rows of strings) as aligned columns; columns in `numeric` align right."""
    widths = [max(len(c) for c in column) for column in zip(header, *cells)]

    def line(row):
        return " | ".join(c.rjust(w) if i in numeric else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths)))

    out(line(header))
    out("-+-".join("-" * w for w in widths))
    for row in cells:
        out(line(row))
