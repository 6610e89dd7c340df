"""Permission matrix rows for the performance dashboard, indicator pages, data entry and
publishing. The world gets a strategy whose theme is led by the private body, so its officer
(officer@) may enter measurements; tests/performance/test_views.py checks, role by role, that
the public never sees an unpublished quarter's figures."""

import datetime
from decimal import Decimal

from .conftest import STAFF, Write

OK, LOGIN, HIDDEN, POST_ONLY = 200, 302, 404, 405

EVERYONE = dict.fromkeys(["anonymous", "member", "officer", "executive", "staff", "admin", "outsider"], OK)
# Staff, and the officers of an indicator's lead body (or its theme's).
ENTRY = {"anonymous": LOGIN, "member": HIDDEN, "officer": OK, "executive": HIDDEN, "staff": OK, "admin": OK, "outsider": HIDDEN}
PUBLISH = {"anonymous": LOGIN, "member": HIDDEN, "officer": HIDDEN, "executive": HIDDEN, "staff": POST_ONLY, "admin": POST_ONLY, "outsider": HIDDEN}


def extend_world(world):
    from performance.models import CommunityStrategy, Indicator, Measurement, Outcome, PublishedQuarter, Target, Theme

    strategy = CommunityStrategy.objects.create(
        name="Carlisle Community Plan 2008-2011 (performance)", slug="carlisle-community-plan-performance", partnership=world.public_body,
        period_start=datetime.date(2008, 4, 1), period_end=datetime.date(2011, 3, 31),
    )
    theme = Theme.objects.create(strategy=strategy, name="Environment", slug="environment", lead_body=world.private_body)
    outcome = Outcome.objects.create(theme=theme, title="Less waste")
    world.performance_indicator = Indicator.objects.create(
        outcome=outcome, code="NI192", name="Household waste recycled and composted", unit="%",
        baseline_value=Decimal("37.5"), baseline_date=datetime.date(2008, 3, 31),
    )
    Target.objects.create(indicator=world.performance_indicator, period="2011Q1", value=Decimal("46"))
    Measurement.objects.create(indicator=world.performance_indicator, period="2009Q2", value=Decimal("39.1"))
    Measurement.objects.create(indicator=world.performance_indicator, period="2009Q3", value=Decimal("41.737"))
    PublishedQuarter.objects.create(strategy=strategy, period="2009Q2")


ROWS = {
    "performance:dashboard": (None, EVERYONE),
    "performance:indicator": (lambda w: {"code": w.performance_indicator.code}, EVERYONE),
    "performance:entry": (None, ENTRY),
    "performance:publish": (None, PUBLISH),
}


def _measurements(world):
    return list(world.performance_indicator.measurements.order_by("period").values_list("period", "value"))


def _published(world):
    from performance.models import PublishedQuarter

    return list(PublishedQuarter.objects.order_by("strategy", "period").values_list("strategy", "period"))


WRITES = {
    # The grid of the next return due (2009Q4, after the last measured quarter).
    "performance:entry": Write(
        None, lambda w: {f"value_{w.performance_indicator.pk}": "43.2", f"note_{w.performance_indicator.pk}": ""},
        _measurements, frozenset({"officer", "staff", "admin"}),
    ),
    "performance:publish": Write(
        None, lambda w: {"strategy": "carlisle-community-plan-performance", "period": "2009Q3"}, _published, STAFF,
    ),
}
