"""Meetings in a real browser: the body's officer records attendance row by row (htmx, with
the keyboard), a member downloads a confidential paper, and the public can reach neither the
confidential item nor its paper, not even by URL (seed 002: the minutes must become public,
commercially sensitive business must not)."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from meetings import services
from meetings.demo import pdf_bytes
from meetings.models import Attendance, AttendanceStatus, MeetingStatus
from partnerships import services as structure
from partnerships.models import BodyKind, Layer, Role
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.browser

CONFIDENTIAL_ITEM = "Commissioning of the CIEP efficiency review – commercially sensitive"
CONFIDENTIAL_PAPER = "CIEP efficiency review: tender evaluation"
CONFIDENTIAL_MINUTE = "The highest-scoring bid was £38,500 below the budget."
CONFIDENTIAL_DECISION = "Recommend the highest-scoring bidder to the CIEP Board."
PUBLIC_MINUTE = "Two indicators were reported as exceptions."


def at(day, hour):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def pdf_upload(title):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(f"{title[:20]}.pdf", pdf_bytes(title, ["A paper for the browser tests."]))


@pytest.fixture
def executive():
    """The Carlisle Partnership Executive with four voting members, its officer, a meeting a
    month ago (a confidential item with a paper; published minutes) and one yesterday whose
    attendance is to be recorded."""
    body = structure.create_body(
        name="Carlisle Partnership Executive", kind=BodyKind.EXECUTIVE, layer=Layer.EXECUTIVE,
        established=datetime.date(2006, 3, 1),
    )
    riverside, council = OrganisationFactory(name="Riverside Carlisle"), OrganisationFactory(name="Cumbria County Council")
    officer = UserFactory(username="laura.bell@example.org")
    member = UserFactory(username="rachel.armstrong@example.org")
    MembershipFactory(body=body, role=Role.OFFICER, voting=False, person=PersonFactory(name="Laura Bell", user=officer))
    rachel = MembershipFactory(
        body=body, person=PersonFactory(name="Rachel Armstrong", user=member),
        designated_deputy=PersonFactory(name="Victor Blair"),
    )
    stephen = MembershipFactory(
        body=body, person=PersonFactory(name="Stephen Kirkbride"), organisation=riverside,
        designated_deputy=PersonFactory(name="Sophie Cartmell"),
    )
    ronald = MembershipFactory(body=body, person=PersonFactory(name="Ronald Bowman"), organisation=council)
    MembershipFactory(body=body, role=Role.CHAIR, person=PersonFactory(name="Frances Waugh"))
    # Someone else from Riverside Carlisle, so the register offers him as a deputy.
    MembershipFactory(person=PersonFactory(name="Paul Thexton"), organisation=riverside)

    today = timezone.localdate()
    held = services.create_meeting(
        body, starts_at=at(today - datetime.timedelta(days=30), 10), ends_at=at(today - datetime.timedelta(days=30), 12),
        venue="Civic Centre, Carlisle", status=MeetingStatus.HELD,
    )
    report = services.add_agenda_item(held, "Performance report – exceptions")
    services.upload_paper(report, pdf_upload("Performance report"), "Performance report: exceptions")
    secret = services.add_agenda_item(held, CONFIDENTIAL_ITEM, confidential=True)
    paper = services.upload_paper(secret, pdf_upload(CONFIDENTIAL_PAPER), CONFIDENTIAL_PAPER)
    services.publish_agenda(held)

    meeting = services.create_meeting(
        body, starts_at=at(today - datetime.timedelta(days=1), 10), ends_at=at(today - datetime.timedelta(days=1), 12),
        venue="Civic Centre, Carlisle",
    )
    minutes = services.start_minutes(held, None)
    services.save_minute_entry(minutes, report, PUBLIC_MINUTE)
    services.save_minute_entry(minutes, secret, CONFIDENTIAL_MINUTE)
    services.add_decision(minutes, secret, CONFIDENTIAL_DECISION)
    services.approve_minutes(minutes, meeting)
    services.publish_minutes(minutes)
    return {
        "body": body, "held": held, "meeting": meeting, "paper": paper, "officer": officer, "member": member,
        "rachel": rachel, "stephen": stephen, "ronald": ronald,
    }


def row(page, membership):
    return page.locator(f"#row-{membership.pk}")


def quorum_figure(page, name):
    return page.locator("#quorum-panel div").filter(has=page.get_by_text(name, exact=True)).locator("dd")


def recorded(meeting):
    return {
        a.membership.person.name: (a.status, a.deputy.name if a.deputy else None)
        for a in Attendance.objects.filter(meeting=meeting).select_related("membership__person", "deputy")
    }


def test_officer_records_attendance_row_by_row(page, log_in, executive, screenshot):
    meeting = executive["meeting"]
    url = f"/meetings/{meeting.pk}/attendance/"
    log_in(page, executive["officer"], url)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Attendance on")
    expect(quorum_figure(page, "Needed")).to_have_text("2")  # a third of four voting members, rounded up
    expect(quorum_figure(page, "Counted")).to_have_text("0")

    rachel = row(page, executive["rachel"])
    rachel.get_by_label("Present", exact=True).check()
    expect(rachel.locator(".register__saved")).to_have_text("Saved")
    expect(quorum_figure(page, "Counted")).to_have_text("1")  # the panel is redrawn with the row
    expect(quorum_figure(page, "Quorate")).to_have_text("No")

    # The keyboard: arrow keys move between a row's choices, and each change is saved.
    ronald = row(page, executive["ronald"])
    ronald.get_by_label("Present", exact=True).focus()
    page.keyboard.press("ArrowRight")
    expect(ronald.locator(".tag")).to_have_text("Apologies")
    expect(ronald.locator(".register__saved")).to_be_visible()

    # Represented by deputy: the designated deputy is offered first; then someone else stands in.
    stephen = row(page, executive["stephen"])
    stephen.get_by_label("Represented by deputy").check()
    expect(stephen).to_contain_text("Sophie Cartmell (deputy for Stephen Kirkbride)")
    expect(stephen.locator(".register__warning")).to_have_count(0)
    page.get_by_label("Deputy who attended for Stephen Kirkbride").select_option(label="Paul Thexton")
    expect(stephen.locator(".register__warning")).to_contain_text("Not the designated deputy")
    expect(stephen.locator(".register__warning")).to_contain_text(
        "Paul Thexton is not Stephen Kirkbride's designated deputy (Sophie Cartmell)."
    )
    expect(stephen).to_contain_text("Paul Thexton (deputy for Stephen Kirkbride)")
    expect(quorum_figure(page, "Counted")).to_have_text("2")
    expect(quorum_figure(page, "Quorate")).to_have_text("Yes")
    screenshot(page, "meetings-attendance")

    assert recorded(meeting) == {
        "Rachel Armstrong": (AttendanceStatus.PRESENT, None),
        "Ronald Bowman": (AttendanceStatus.APOLOGIES, None),
        "Stephen Kirkbride": (AttendanceStatus.DEPUTY, "Paul Thexton"),
    }
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD  # the register is the evidence it took place

    page.reload()
    expect(quorum_figure(page, "Counted")).to_have_text("2")
    expect(quorum_figure(page, "Quorate")).to_have_text("Yes")
    expect(row(page, executive["rachel"]).get_by_label("Present", exact=True)).to_be_checked()
    expect(row(page, executive["ronald"]).get_by_label("Apologies", exact=True)).to_be_checked()
    expect(page.get_by_label("Deputy who attended for Stephen Kirkbride")).to_have_value(
        str(Attendance.objects.get(meeting=meeting, membership=executive["stephen"]).deputy_id)
    )
    expect(row(page, executive["stephen"]).locator(".register__warning")).to_contain_text("Not the designated deputy")


def test_member_reads_the_confidential_item_and_downloads_its_paper(page, log_in, executive, screenshot):
    held = executive["held"]
    log_in(page, executive["member"], f"/meetings/{held.pk}/")
    item = page.locator("li", has=page.get_by_role("heading", name=CONFIDENTIAL_ITEM))
    expect(item).to_be_visible()
    expect(item.locator(".tag--purple")).to_have_text("Confidential")
    screenshot(page, "meetings-meeting-member")

    with page.expect_download() as download:
        item.get_by_role("link", name=CONFIDENTIAL_PAPER).click()
    path = download.value.path()
    with open(path, "rb") as handle:
        assert handle.read(5) == b"%PDF-"

    page.goto(f"/meetings/{held.pk}/minutes/")
    expect(page.get_by_text(CONFIDENTIAL_MINUTE)).to_be_visible()
    expect(page.get_by_text(CONFIDENTIAL_DECISION)).to_be_visible()


def test_the_public_cannot_reach_the_confidential_item_or_its_paper(page, executive, screenshot):
    held, paper = executive["held"], executive["paper"]
    page.goto(f"/meetings/{held.pk}/")
    expect(page.get_by_role("heading", name="1. Performance report – exceptions")).to_be_visible()
    expect(page.get_by_text(CONFIDENTIAL_ITEM)).to_have_count(0)
    expect(page.get_by_text(CONFIDENTIAL_PAPER)).to_have_count(0)
    expect(page.get_by_text("Confidential")).to_have_count(0)
    screenshot(page, "meetings-meeting-public")

    # By URL: the paper is "not found", exactly as a paper that does not exist.
    assert page.request.get(f"/papers/{paper.pk}/").status == 404
    response = page.goto(f"/papers/{paper.pk}/")
    assert response.status == 404
    assert b"%PDF" not in response.body()

    response = page.goto(f"/meetings/{held.pk}/minutes/")
    assert response.status == 200
    expect(page.get_by_text(PUBLIC_MINUTE)).to_be_visible()
    for secret in (CONFIDENTIAL_MINUTE, CONFIDENTIAL_DECISION, CONFIDENTIAL_ITEM):
        assert secret not in page.content()
    screenshot(page, "meetings-minutes-public")


def test_a_second_change_while_the_first_is_saving_is_not_lost(page, log_in, executive):
    """Two quick changes on one row (issue 8: within ~0.4 s, only one POST was sent and the row
    showed one value while the server held another): the second is sent after the first, the
    server ends with it and the row shows it."""
    meeting, rachel = executive["meeting"], executive["rachel"]
    log_in(page, executive["officer"], f"/meetings/{meeting.pk}/attendance/")
    posts = []

    def slow_first_save(route):
        posts.append(route.request.post_data)
        if len(posts) == 1:
            page.wait_for_timeout(600)  # the first save is still on its way when the second change comes
        route.continue_()

    page.route(f"**/meetings/{meeting.pk}/attendance/{rachel.pk}/", slow_first_save)
    register_row = row(page, rachel)
    register_row.get_by_label("Present", exact=True).check()
    register_row.get_by_label("Apologies", exact=True).check()

    expect(register_row.locator(".tag")).to_have_text("Apologies")
    expect(register_row.locator(".register__saved")).to_have_text("Saved")
    page.wait_for_load_state("networkidle")
    assert len(posts) == 2 and "status=present" in posts[0] and "status=apologies" in posts[1]
    assert recorded(meeting) == {"Rachel Armstrong": (AttendanceStatus.APOLOGIES, None)}
    expect(register_row.get_by_label("Apologies", exact=True)).to_be_checked()
    expect(register_row.get_by_label("Present", exact=True)).not_to_be_checked()

    page.reload()
    expect(row(page, rachel).get_by_label("Apologies", exact=True)).to_be_checked()
