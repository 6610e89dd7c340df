"""The agenda pack (meetings/pdf.py): one PDF with the cover, the items and the papers' list,
showing each reader what the policy lets them see, and fetching nothing but static files."""

import datetime
import re

import pytest
from django.urls import reverse

from meetings import pdf, services
from meetings.models import MeetingKind, Paper, Purpose
from tests.factories import BodyFactory, UserFactory
from tests.meetings.factories import at, pdf_upload, text_upload, user_on
from tests.pdfs import assert_tagged

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]


@pytest.fixture
def meeting():
    body = BodyFactory(name="Carlisle Partnership Executive")
    neighbour = BodyFactory(name="Allerdale Partnership")
    meeting = services.create_meeting(
        body, starts_at=at(2030, 1, 10), ends_at=at(2030, 1, 10, 20), venue="Civic Centre, Carlisle",
        kind=MeetingKind.JOINT, joint_with=[neighbour],
    )
    strategy = services.add_agenda_item(
        meeting, "Community Strategy refresh", purpose=Purpose.DISCUSSION, presenter="Policy officer"
    )
    bids = services.add_agenda_item(meeting, "Appraisal of funding bids", purpose=Purpose.DECISION, confidential=True)
    services.upload_paper(strategy, pdf_upload("results.pdf"), "Consultation results")
    services.upload_paper(strategy, text_upload("ni185.csv"), "NI 185 figures")
    services.upload_paper(bids, pdf_upload("bids.pdf"), "Scoring of the bids")
    return meeting


def pack_text(client, meeting):
    response = client.get(reverse("meetings:agenda-pdf", kwargs={"pk": meeting.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = assert_tagged(response.content)
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages), len(reader.pages), response


def test_the_public_pack_has_the_cover_items_and_papers_but_no_confidential_item(client, meeting):
    services.publish_agenda(meeting)
    text, pages, response = pack_text(client, meeting)
    for expected in [
        "Carlisle Partnership Executive", "Joint meeting", "Thursday 10 January 2030", "18:00 to 20:00",
        "Civic Centre, Carlisle", "Allerdale Partnership", "1. Community Strategy refresh", "For discussion",
        "Presented by Policy officer", "Consultation results", "NI 185 figures", "CSV", "List of papers",
        f"Page 1 of {pages}",
    ]:
        assert expected in text, expected
    assert "Appraisal of funding bids" not in text
    assert "Scoring of the bids" not in text
    assert "Draft agenda" not in text
    assert "no-store" not in response.get("Cache-Control", "")


def test_a_member_s_pack_includes_the_confidential_item_marked(client, meeting):
    services.publish_agenda(meeting)
    client.force_login(user_on(meeting.body))
    text, _pages, _response = pack_text(client, meeting)
    assert "2. Appraisal of funding bids Confidential – not for publication" in text
    assert "Scoring of the bids" in text


def test_late_papers_are_marked_in_the_pack(client, meeting):
    services.publish_agenda(meeting)
    late = Paper.objects.get(title="NI 185 figures")
    Paper.objects.filter(pk=late.pk).update(published_at=meeting.starts_at - datetime.timedelta(days=2))
    text, _pages, _response = pack_text(client, meeting)
    assert "Papers late: 1 paper was published less than 5 days before the meeting" in text
    assert f"NI 185 figures CSV {late.size} bytes late" in text
    assert re.search(r"Consultation results PDF \d+ bytes NI 185", text), "a paper on time is not marked late"


def test_a_draft_agenda_pack_is_for_the_body_s_readers_only(client, meeting):
    url = reverse("meetings:agenda-pdf", kwargs={"pk": meeting.pk})
    assert client.get(url).status_code == 404
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(user_on(meeting.body))
    text, _pages, response = pack_text(client, meeting)
    assert "Draft agenda – not yet published" in text
    assert response["Cache-Control"] == "private, no-store"


def test_the_pack_uses_its_print_stylesheet(client, meeting):
    services.publish_agenda(meeting)
    text, pages, _response = pack_text(client, meeting)
    # The stylesheet puts the cover on a page of its own and numbers the pages.
    assert pages >= 2
    assert f"Page {pages} of {pages}" in text


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:8000/admin/",
    "https://example.org/logo.png",
    "file:///etc/passwd",
    f"{pdf.STATIC_DIR.as_uri()}/../manage.py",
    f"{pdf.STATIC_DIR.as_uri()}/css/missing.css",
    "data:text/css,body{}",
])
def test_the_url_fetcher_refuses_anything_but_static_files(url):
    fetcher = pdf.only_fetcher()
    with pytest.raises(ValueError, match="refused"):
        fetcher.fetch(url)


def test_the_url_fetcher_serves_the_print_stylesheet():
    response = pdf.only_fetcher().fetch(f"{pdf.STATIC_DIR.as_uri()}/css/print-agenda.css")
    assert b"@page" in response.read()
    assert response.content_type == "text/css"


def test_markup_typed_into_an_item_is_printed_as_text_and_fetches_nothing(client, meeting, monkeypatch):
    services.add_agenda_item(meeting, '<img src="file:///etc/passwd"> Any other business')
    services.publish_agenda(meeting)
    fetched = []
    original = pdf.static_file_for
    monkeypatch.setattr(pdf, "static_file_for", lambda url: fetched.append(url) or original(url))
    text, _pages, _response = pack_text(client, meeting)
    assert '<img src="file:///etc/passwd"> Any other business' in text
    assert all(url.endswith("print-agenda.css") for url in fetched)


# The minutes as a PDF ---------------------------------------------------------------------------


def minutes_pdf_text(client, meeting, expect=200):
    response = client.get(reverse("meetings:minutes-pdf", kwargs={"pk": meeting.pk}))
    assert response.status_code == expect
    if expect != 200:
        return None, response
    assert response["Content-Type"] == "application/pdf"
    reader = assert_tagged(response.content)
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages), response


def test_the_public_prints_published_minutes_without_the_confidential_item(client):
    from meetings.models import MinutesStatus
    from tests.meetings.factories import AgendaItemFactory, DecisionFactory, HeldMeetingFactory, minutes_with

    body = BodyFactory(name="Carlisle Partnership Executive")
    meeting = HeldMeetingFactory(body=body, starts_at=at(2009, 11, 5), venue="Civic Centre, Carlisle")
    strategy = AgendaItemFactory(meeting=meeting, position=1, title="Community Strategy refresh")
    secret = AgendaItemFactory(meeting=meeting, position=2, title="Appraisal of funding bids", confidential=True)
    minutes = minutes_with(meeting, item=strategy, entries=["The refresh was discussed."], decisions=["Adopt the themes."])
    DecisionFactory(minutes=minutes, item=secret, text="Fund the highest-scoring bid.")

    text, response = minutes_pdf_text(client, meeting)
    for expected in ("Carlisle Partnership Executive", "Thursday 5 November 2009", "Civic Centre, Carlisle",
                     "1. Community Strategy refresh", "The refresh was discussed.", "Adopt the themes.", "Page 1 of"):
        assert expected in text, expected
    assert "funding bids" not in text and "highest-scoring" not in text
    assert "no-store" not in response.get("Cache-Control", "")

    member = user_on(body)
    client.force_login(member)
    text, response = minutes_pdf_text(client, meeting)
    assert "Appraisal of funding bids" in text and "Fund the highest-scoring bid." in text
    assert "no-store" in response["Cache-Control"]
    assert minutes.status == MinutesStatus.PUBLISHED


def test_draft_minutes_print_only_for_the_bodys_readers_and_say_they_are_a_draft(client):
    from meetings.models import MinutesStatus
    from tests.meetings.factories import HeldMeetingFactory, minutes_with

    body = BodyFactory(name="Carlisle Partnership Executive")
    meeting = HeldMeetingFactory(body=body, starts_at=at(2009, 11, 5))
    minutes_with(meeting, status=MinutesStatus.DRAFT, entries=["Bids were scored."])
    minutes_pdf_text(client, meeting, expect=404)
    client.force_login(UserFactory())
    minutes_pdf_text(client, meeting, expect=404)
    client.force_login(user_on(body))
    text, _ = minutes_pdf_text(client, meeting)
    assert "Draft minutes" in text and "Bids were scored." in text


# --- The papers merged into the pack (issue 11) ----------------------------------------------


def real_pdf(name, *pages):
    """An upload of a real PDF with one page per text (drawn by WeasyPrint, like the portal's)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    body = "".join(f'<p style="break-before: page">{page}</p>' if n else f"<p>{page}</p>" for n, page in enumerate(pages))
    data = pdf.render_pdf(f"<!DOCTYPE html><html lang='en'><head><title>{name}</title></head><body>{body}</body></html>")
    return SimpleUploadedFile(name, data, content_type="application/pdf")


@pytest.fixture
def papers_meeting():
    from tests.meetings.factories import docx_upload

    body = BodyFactory(name="Carlisle Partnership Executive")
    meeting = services.create_meeting(body, starts_at=at(2030, 1, 10), venue="Civic Centre, Carlisle")
    strategy = services.add_agenda_item(meeting, "Community Strategy refresh")
    bids = services.add_agenda_item(meeting, "Appraisal of funding bids", confidential=True,
                                    exempt_reason="Paragraph 3: financial or business affairs")
    services.add_agenda_item(meeting, "Any other business")
    services.upload_paper(strategy, real_pdf("themes.pdf", "Themes for the refresh", "Consultation responses"), "Themes")
    services.upload_paper(strategy, docx_upload("timetable.docx"), "Timetable")
    services.upload_paper(bids, real_pdf("scores.pdf", "Harraby bid scored 31 of 40"), "Scores")
    services.publish_agenda(meeting)
    return meeting


def pack_reader(client, meeting):
    from pypdf import PdfReader

    response = client.get(reverse("meetings:agenda-pdf", kwargs={"pk": meeting.pk}))
    assert response.status_code == 200
    assert_tagged(response.content)
    return PdfReader(__import__("io").BytesIO(response.content))


def outline_titles(reader):
    def walk(entries):
        for entry in entries:
            if isinstance(entry, list):
                yield [*walk(entry)]
            else:
                yield entry.title
    return [*walk(reader.outline)]


def test_the_pack_holds_the_papers_the_reader_may_see_with_a_bookmark_per_item(client, papers_meeting):
    public = pack_reader(client, papers_meeting)
    texts = [" ".join(page.extract_text().split()) for page in public.pages]
    agenda_pages = sum(1 for t in texts if "agenda pack" in t)
    assert len(public.pages) == agenda_pages + 2  # the two pages of the public PDF paper
    assert "Themes for the refresh" in texts[agenda_pages] and "Consultation responses" in texts[agenda_pages + 1]
    everything = " ".join(texts)
    assert f"Page 1 of {len(public.pages)}" in everything  # the footer counts the merged papers
    assert "Not included: Timetable (.docx): download it from the agenda page" in everything
    assert "Harraby" not in everything and "Appraisal of funding bids" not in everything
    assert outline_titles(public) == [
        "Agenda", "1. Community Strategy refresh", ["Themes"], "Item 2: exempt", "3. Any other business",
    ]
    # Each item's bookmark opens the page of the agenda where the item is.
    assert public.get_destination_page_number(public.outline[1]) < agenda_pages
    assert public.get_destination_page_number(public.outline[2][0]) == agenda_pages

    client.force_login(user_on(papers_meeting.body))
    member = pack_reader(client, papers_meeting)
    assert len(member.pages) == len(public.pages) + 1
    assert "Harraby bid scored 31 of 40" in " ".join(page.extract_text() for page in member.pages)
    assert outline_titles(member)[3:5] == ["2. Appraisal of funding bids", ["Scores"]]


def test_the_pack_attaches_the_minutes_the_agenda_approves(client):
    from tests.meetings.factories import minutes_with

    body = BodyFactory(name="Carlisle Partnership Executive")
    last = services.create_meeting(body, starts_at=at(2029, 11, 5), status="held")
    minutes_with(last, entries=["Eleven bids were received and scored."])
    meeting = services.create_meeting(body, starts_at=at(2030, 1, 10))
    services.add_standard_items(meeting)
    services.publish_agenda(meeting)
    reader = pack_reader(client, meeting)
    assert "Eleven bids were received and scored." in " ".join(page.extract_text() for page in reader.pages)
    assert outline_titles(reader)[3:5] == ["3. Minutes of the last meeting", ["Minutes of the meeting on 5 November 2029"]]
