"""Retire every cached public page, after writes the portal did not see (psql, a restored
backup): the portal's own writes do this by themselves (partnerships/page_cache.py)."""

from django.core.management.base import BaseCommand, CommandError

from partnerships import page_cache


class Command(BaseCommand):
    help = "Retire every cached public page (after changing the database outside the portal)."

    def handle(self, *args, **options):
        page_cache.bump()
        if page_cache.bump_pending():
            raise CommandError("The cache could not be reached: cached pages were not retired.")
        self.stdout.write("Every cached page is retired; the next visit renders each afresh.")
