"""The dashboard and the indicator page cost the same number of queries with 20 indicators as
with 2,000 (the data is built with bulk_create: the factories would take minutes)."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnerships import services
from performance.models import (
    CommunityStrategy,
    Indicator,
    Measurement,
    Milestone,
    Outcome,
    PublishedQuarter,
    Risk,
    Target,
    Theme,
)
from tests.factories import PersonFactory, UserFactory

QUARTERS = ["2008Q2", "2008Q3", "2008Q4", "2009Q1", "2009Q2", "2009Q3"]
OUTCOMES_PER_THEME = 4


def build(size, body):
    """A strategy of 5 themes and `size` indicators, each with two targets, a milestone, a
    risk per outcome and six quarters of values (some missing), 2008Q2 to 2009Q2 published."""
    strategy = CommunityStrategy.objects.create(
        name=f"Strategy {size}", slug=f"strategy-{size}", partnership=body,
        period_start=datetime.date(2008, 4, 1), period_end=datetime.date(2011, 3, 31),
    )
    themes = Theme.objects.bulk_create(
        Theme(strategy=strategy, name=f"Theme {i}", slug=f"theme-{i}", position=i, lead_body=body) for i in range(5)
    )
    outcomes = Outcome.objects.bulk_create(
        Outcome(theme=theme, title=f"Outcome {t}.{o}", position=o) for t, theme in enumerate(themes) for o in range(OUTCOMES_PER_THEME)
    )
    indicators = Indicator.objects.bulk_create(
        Indicator(
            outcome=outcomes[i % len(outcomes)], code=f"L{size}-{i}", name=f"Indicator {i}", unit="%",
            direction="lower" if i % 3 == 0 else "higher", baseline_value=Decimal(50),
            baseline_date=datetime.date(2008, 3, 31),
        )
        for i in range(size)
    )
    Target.objects.bulk_create(
        Target(indicator=ind, period=period, value=Decimal(value)) for ind in indicators for period, value in (("2009Q1", 54), ("2011Q1", 62))
    )
    Milestone.objects.bulk_create(Milestone(indicator=ind, title="Plan agreed", due=datetime.date(2009, 6, 30)) for ind in indicators)
    Risk.objects.bulk_create(
        Risk(outcome=outcome, description=f"Risk {n}", likelihood=1 + n % 5, impact=1 + (n * 3) % 5)
        for n, outcome in enumerate(outcomes)
    )
    Measurement.objects.bulk_create(
        Measurement(indicator=ind, period=period, value=Decimal(48 + (i + q) % 9))
        for i, ind in enumerate(indicators) for q, period in enumerate(QUARTERS) if (i + q) % 7
    )
    PublishedQuarter.objects.bulk_create(PublishedQuarter(strategy=strategy, period=p) for p in QUARTERS[:-1])
    return strategy, indicators


@pytest.fixture
def member(db):
    body = services.create_body(name="Cumbria Strategic Partnership Forum", kind="forum")
    user = UserFactory()
    services.add_membership(person=PersonFactory(user=user), body=body, role="officer", start=datetime.date(2008, 1, 1))
    return body, user


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


@pytest.mark.parametrize("signed_in", [False, True], ids=["public", "member"])
def test_dashboard_queries_do_not_grow_with_the_indicators(client, member, signed_in):
    body, user = member
    if signed_in:
        client.force_login(user)
    small, _ = build(20, body)
    small_count, response = count_queries(client, f"{reverse('performance:dashboard')}?strategy={small.slug}")
    assert len(response.context["card"].indicators) == 20

    large, _ = build(2000, body)
    large_count, response = count_queries(client, f"{reverse('performance:dashboard')}?strategy={large.slug}")
    assert len(response.context["card"].indicators) == 2000
    assert large_count == small_count


@pytest.mark.parametrize("signed_in", [False, True], ids=["public", "lead body officer"])
def test_indicator_page_queries_do_not_grow_with_the_indicators(client, member, signed_in):
    body, user = member
    if signed_in:
        client.force_login(user)
    _, small = build(20, body)
    small_count, _ = count_queries(client, reverse("performance:indicator", kwargs={"code": small[0].code}))
    _, large = build(2000, body)
    large_count, response = count_queries(client, reverse("performance:indicator", kwargs={"code": large[0].code}))
    assert large_count == small_count
    assert len(response.context["detail"].rows) == (6 if signed_in else 5)


def test_entry_page_queries_do_not_grow_with_the_indicators(client, member):
    body, user = member
    client.force_login(user)
    small, _ = build(20, body)
    small_count, _ = count_queries(client, f"{reverse('performance:entry')}?strategy={small.slug}&period=2009Q3&theme=theme-0")
    large, _ = build(2000, body)
    large_count, response = count_queries(client, f"{reverse('performance:entry')}?strategy={large.slug}&period=2009Q3&theme=theme-0")
    assert len(response.context["grid"].rows) == 400
    assert large_count == small_count
