"""`python manage.py render_report --quarter 2009Q3 --out report.pdf`: the quarterly performance
report, rendered here and now (no Celery, nothing stored or filed) from the same HTML and
renderer as the report the portal makes."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from performance.models import CommunityStrategy
from performance.periods import Quarter
from performance.report import render_pdf_and_pages, report_html


class Command(BaseCommand):
    help = "Render a quarter's performance report to a PDF file."

    def add_arguments(self, parser):
        parser.add_argument("--quarter", required=True, help="The quarter, like 2009Q3.")
        parser.add_argument("--out", required=True, help="Where to write the PDF, e.g. report.pdf.")
        parser.add_argument(
            "--strategy", help="The community strategy's slug (default: the only one, else the latest)."
        )

    def handle(self, *args, quarter, out, strategy=None, **options):
        try:
            period = Quarter.parse(quarter)
        except ValueError as error:
            raise CommandError(f"{error}.") from None
        chosen = self._strategy(strategy)
        first, last = Quarter.containing(chosen.period_start), Quarter.containing(chosen.period_end)
        if not first <= period <= last:
            raise CommandError(f"{period} is outside {chosen} ({first} to {last}).")
        path = Path(out)
        if not path.parent.is_dir():
            raise CommandError(f"Cannot write {out}: the folder {path.parent} does not exist.")
        pdf, pages = render_pdf_and_pages(report_html(chosen, period))
        try:
            path.write_bytes(pdf)
        except OSError as error:
            raise CommandError(f"Cannot write {out}: {error.strerror}.") from None
        self.stdout.write(f"Wrote {out}: {chosen}, {period}, {pages} pages, {len(pdf):,} bytes.")

    def _strategy(self, slug):
        if slug:
            found = CommunityStrategy.objects.filter(slug=slug).first()
            if found is None:
                known = ", ".join(CommunityStrategy.objects.values_list("slug", flat=True)) or "none"
                raise CommandError(f"No community strategy '{slug}' (known: {known}).")
            return found
        latest = CommunityStrategy.objects.order_by("-period_start").first()
        if latest is None:
            raise CommandError("There is no community strategy to report on: create one first.")
        return latest
