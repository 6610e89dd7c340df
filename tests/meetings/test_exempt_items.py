"""Exempt items (issue 11): a confidential item keeps its place on public agendas and minutes as
"Item 2: exempt" with the reason the public is excluded (Local Government Act 1972, Schedule
12A), so the numbering runs on; its title, papers and proceedings never reach the public."""

import html
import io

import pytest
from django.urls import reverse

from meetings import services
from tests.factories import BodyFactory
from tests.meetings.factories import DecisionFactory, at, minutes_with, pdf_upload, user_on

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]
SECRET = "Harraby land disposal"
REASON = "Paragraph 3: information relating to the financial or business affairs of any particular person"


@pytest.fixture
def meeting():
    body = BodyFactory(name="Carlisle Partnership Executive")
    meeting = services.create_meeting(body, starts_at=at(2009, 11, 5), status="held")
    strategy = services.add_agenda_item(meeting, "Community Strategy refresh")
    secret = services.add_agenda_item(meeting, SECRET, confidential=True, exempt_reason=REASON)
    services.add_agenda_item(meeting, "Any other business")
    services.upload_paper(secret, pdf_upload("valuation.pdf"), "Valuation of the Harraby site")
    services.publish_agenda(meeting)
    minutes = minutes_with(meeting, item=strategy, entries=["The themes were agreed."])
    DecisionFactory(minutes=minutes, item=secret, text="Dispose of the Harraby site.")
    return meeting


def page_text(response):
    assert response.status_code == 200
    return " ".join(html.unescape(response.content.decode()).split())


def pdf_text(response):
    from pypdf import PdfReader

    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_the_public_agenda_shows_the_exempt_item_in_its_place(client, meeting):
    page = page_text(client.get(meeting.get_absolute_url()))
    assert "1. Community Strategy refresh" in page and "Item 2: exempt" in page and "3. Any other business" in page
    assert page.index("1. Community") < page.index("Item 2: exempt") < page.index("3. Any other")
    assert REASON in page
    assert "Harraby" not in page


def test_the_body_s_members_see_the_item_itself(client, meeting):
    client.force_login(user_on(meeting.body))
    page = page_text(client.get(meeting.get_absolute_url()))
    assert f"2. {SECRET}" in page and "Item 2: exempt" not in page


def test_the_public_agenda_pack_and_minutes_hold_the_placeholder_only(client, meeting):
    pack = pdf_text(client.get(reverse("meetings:agenda-pdf", kwargs={"pk": meeting.pk})))
    assert "Item 2: exempt" in pack and "Paragraph 3" in pack and "Harraby" not in pack

    minutes = page_text(client.get(reverse("meetings:minutes", kwargs={"pk": meeting.pk})))
    assert "Item 2: exempt" in minutes and REASON in minutes and "Harraby" not in minutes
    printed = pdf_text(client.get(reverse("meetings:minutes-pdf", kwargs={"pk": meeting.pk})))
    assert "Item 2: exempt" in printed and "Harraby" not in printed


def test_an_exempt_item_without_a_reason_still_keeps_its_place(client, meeting):
    meeting.items.filter(confidential=True).update(exempt_reason="")
    page = page_text(client.get(meeting.get_absolute_url()))
    assert "Item 2: exempt" in page and "Not for publication: the public is excluded for this item." in page


@pytest.mark.parametrize("url_name", ["meetings:ical", "meetings:minutes-feed", "meetings:minutes-atom", "meetings:decisions"])
def test_feeds_and_registers_never_name_the_exempt_item(client, meeting, url_name):
    assert "Harraby" not in page_text(client.get(reverse(url_name)))


@pytest.mark.parametrize("q", ["Harraby", "land disposal"])
def test_search_never_finds_the_exempt_item(client, meeting, q):
    # The page repeats the query, so it looks for the rest of the title and the decision's text.
    page = page_text(client.get(reverse("meetings:search"), {"q": q}))
    assert SECRET not in page and "Dispose of the" not in page
