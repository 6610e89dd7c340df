"""What the fuzz tests share: hostile values and a digest of the portal's tables."""

import hashlib
import os

from django.apps import apps
from hypothesis import HealthCheck, settings


# Bounded so the suite stays fast, and the same examples on every run (CI must not flake);
# FUZZ_EXAMPLES=500 for a long hunt. No example database is written into the repository.
def fuzz_settings(examples=5):
    return settings(
        max_examples=int(os.environ.get("FUZZ_EXAMPLES", examples)), deadline=None, database=None, derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
    )

OUR_APPS = ("partnerships", "meetings", "performance", "governance")

# Values people and scripts type that break naive code: out-of-range dates and numbers, markup,
# control characters, very long text, other sites.
HOSTILE = [
    "", " ", "0", "-1", "1.5", "1e309", "-1e309", "NaN", "Infinity", "1" * 40, "-" + "9" * 40,
    "9999-12-31", "0001-01-01", "2009-02-30", "31/12/2009", "9999-12-31T23:59", "0001-01-01T00:00",
    "2009-13", "9999-12", "0000-00", "2009Q9", "9999Q4", "0000Q1", "Q", "<script>alert(1)</script>",
    "\x00", "a\x00b", "' OR 1=1 --", "../../etc/passwd", "x" * 5000, "\u202e\U0001f600", "http://evil.example/",
    "//evil.example/", "on", "true", "none", "None", "[]", "{}",
]


def database_state():
    """A digest of every row of the portal's own tables: equal digests, nothing written."""
    digest = hashlib.sha256()
    for label in OUR_APPS:
        for model in apps.get_app_config(label).get_models():
            if model.__name__.startswith("Historical"):
                continue  # simple_history's copies: a write shows in the model's own table
            for row in model.objects.order_by("pk").values_list():
                digest.update(repr(row).encode())
    return digest.hexdigest()
