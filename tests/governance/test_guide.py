""""How this partnership works" (governance/guide/selectors.py, guide:guide): generated from the structure,
the norms, the attendance and quorum rules and the terms of reference (seed 002 proposal 4: a
user guide to the roles and responsibilities of the different groups)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from governance.models import TermsOfReference
from meetings.models import AttendanceRule, QuorumRule
from partnerships.models import BodyLink
from tests.factories import BodyFactory, StaffUserFactory

pytestmark = pytest.mark.django_db

GUIDE = reverse("guide:guide")


@pytest.fixture
def partnership():
    forum = BodyFactory(name="Cumbria Strategic Partnership Forum", kind="forum", layer="strategic",
                        purpose="Celebrate progress and success across the partnership.")
    executive = BodyFactory(name="Carlisle Partnership Executive", kind="executive", layer="executive", parent=forum,
                            roles="Agree the Community Plan\nMonitor performance", meets_every_months=1)
    thematic = BodyFactory(name="Safer and Stronger Thematic Partnership", kind="thematic", layer="operational", parent=forum)
    hidden = BodyFactory(name="Funding Task Group", kind="task_group", layer="operational", parent=thematic, public=False)
    BodyLink.objects.create(from_body=executive, to_body=thematic, kind="holds_to_account")
    return {"forum": forum, "executive": executive, "thematic": thematic, "hidden": hidden}


def test_the_guide_explains_each_layer_and_body(client, partnership):
    response = client.get(GUIDE)
    assert response.status_code == 200
    page = response.content.decode()
    for text in (
        "Strategic layer", "Oversight, vision, and direction setting", "Executive layer", "Operational layer",
        "Celebrate progress and success across the partnership.", "Agree the Community Plan",
        "Every 1 month",  # the executive's own interval
        "At least 4 a year (the guidance for a thematic partnership or priority group)",
        "holds to account", "8–10 members",
    ):
        assert text in page, text
    assert page.index("Strategic layer") < page.index("Executive layer") < page.index("Operational layer")


def test_the_guide_states_each_bodys_attendance_and_quorum_rule(client, partnership):
    AttendanceRule.objects.create(body=partnership["executive"], window=6, minimum=4, deputy_counts=False)
    QuorumRule.objects.create(body=partnership["thematic"], fraction=Decimal("0.500"), minimum=3)
    page = client.get(GUIDE).content.decode()
    assert "4 of every 6 held meetings; only the member in person counts" in page
    assert "1/2 of the voting members, rounded up, and at least 3; deputies count" in page
    # Bodies without their own rule: the Carlisle defaults.
    assert "2 of every 4 held meetings; a deputy&#x27;s attendance counts" in page


def test_private_bodies_appear_only_for_those_who_may_see_them(client, partnership):
    assert "Funding Task Group" not in client.get(GUIDE).content.decode()
    client.force_login(StaffUserFactory())
    assert "Funding Task Group" in client.get(GUIDE).content.decode()


def test_the_guide_links_terms_of_reference_in_force_minutes_and_performance(client, partnership):
    TermsOfReference.objects.create(body=partnership["executive"], version=1, status="approved", approved_on=datetime.date(2009, 1, 1))
    page = client.get(GUIDE).content.decode()
    assert reverse("terms:terms", kwargs={"slug": partnership["executive"].slug}) in page
    assert reverse("terms:terms", kwargs={"slug": partnership["thematic"].slug}) not in page
    assert reverse("meetings:minutes-list") in page and reverse("performance:dashboard") in page


def test_dissolved_bodies_are_left_out(client, partnership):
    BodyFactory(name="Old Regeneration Board", kind="board", layer="strategic", dissolved=datetime.date(2008, 1, 1),
                established=datetime.date(2002, 1, 1))
    assert "Old Regeneration Board" not in client.get(GUIDE).content.decode()


def test_the_home_page_links_to_the_guide(client):
    assert GUIDE in client.get(reverse("partnerships:home")).content.decode()


@pytest.mark.parametrize("extra", [0, 40])
def test_the_guide_costs_a_constant_number_of_queries(client, partnership, extra, django_assert_num_queries):
    for i in range(extra):
        body = BodyFactory(name=f"Locality {i}", kind="locality", layer="operational", parent=partnership["forum"])
        AttendanceRule.objects.create(body=body)
        BodyLink.objects.create(from_body=body, to_body=partnership["thematic"], kind="advises")
    # Bodies, standards, attendance rules, quorum rules, terms of reference, links.
    with django_assert_num_queries(6):
        client.get(GUIDE)
