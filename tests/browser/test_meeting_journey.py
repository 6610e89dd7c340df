"""Two journeys through the meeting cycle in a real browser, as their users take them (issue 11):
the body's officer from "Schedule a meeting" to published minutes the public reads and
downloads, and a member sending a deputy in their place, which the officer then finds in the
attendance register. Only the body, its people and their seats are made in Python; every step
of the story after that is a click, a choice or something typed."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from meetings.demo import pdf_bytes
from meetings.models import Attendance, AttendanceStatus, Meeting, MeetingStatus, MinutesStatus
from partnerships import services as structure
from partnerships.models import BodyKind, Layer, Role
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.browser

BODY = "Carlisle Partnership Executive"
VENUE = "Civic Centre, Carlisle"
ITEM = "Community Strategy refresh"
PAPER = "Community Strategy: consultation draft"
ITEM_MINUTE = "The Executive discussed the consultation draft and its four themes."
APOLOGIES_MINUTE = "Apologies were received from Ronald Bowman."
DECISION = "Publish the consultation draft for twelve weeks."
ACTION = "Send the draft to the thematic partnerships."
DEPUTY_NOTE = "On leave that week."


def long_date(day):
    """A date as the pages print it ("j F Y"): 5 November 2009."""
    return f"{day.day} {day:%B %Y}"


@pytest.fixture
def executive():
    """The Carlisle Partnership Executive: its officer Laura Bell (who manages it), its chair and
    three voting members; Rachel Armstrong signs in, and Victor Blair is her designated deputy."""
    body = structure.create_body(
        name=BODY, kind=BodyKind.EXECUTIVE, layer=Layer.EXECUTIVE, established=datetime.date(2006, 3, 1),
    )
    officer = UserFactory(username="laura.bell@example.org")
    member = UserFactory(username="rachel.armstrong@example.org")
    MembershipFactory(body=body, role=Role.OFFICER, voting=False, person=PersonFactory(name="Laura Bell", user=officer))
    MembershipFactory(body=body, role=Role.CHAIR, person=PersonFactory(name="Frances Waugh"),
                      organisation=OrganisationFactory(name="Carlisle City Council"))
    rachel = MembershipFactory(
        body=body, person=PersonFactory(name="Rachel Armstrong", user=member),
        organisation=OrganisationFactory(name="Cumbria County Council"),
        designated_deputy=PersonFactory(name="Victor Blair"),
    )
    MembershipFactory(body=body, person=PersonFactory(name="Stephen Kirkbride"),
                      organisation=OrganisationFactory(name="Riverside Carlisle"))
    MembershipFactory(body=body, person=PersonFactory(name="Ronald Bowman"),
                      organisation=OrganisationFactory(name="Cumbria Constabulary"))
    return {"body": body, "officer": officer, "member": member, "rachel": rachel}


def register_row(page, name):
    return page.locator(".register__row").filter(has=page.locator(".register__name", has_text=name))


def quorum_figure(page, name):
    return page.locator("#quorum-panel div").filter(has=page.get_by_text(name, exact=True)).locator("dd")


def schedule(page, *, starts, ends, title="", every_weeks=None, until=None):
    """From the body's page: "Schedule a meeting", the form filled in and saved; with
    `every_weeks`, the first of a series of meetings up to `until`."""
    page.get_by_role("link", name="Schedule a meeting", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Schedule a meeting")
    page.get_by_label("Kind of meeting").select_option(label="Business meeting")
    if title:
        page.get_by_label("Title").fill(title)
    page.get_by_label("Starts").fill(f"{starts:%Y-%m-%dT%H:%M}")
    page.get_by_label("Ends").fill(f"{ends:%Y-%m-%dT%H:%M}")
    page.get_by_label("Venue").fill(VENUE)
    expect(page.get_by_label("Public meeting")).to_be_checked()
    if every_weeks:
        page.get_by_label("Every few weeks").check()
        page.get_by_label("Every how many weeks").fill(str(every_weeks))
        page.get_by_label("Until").fill(f"{until:%Y-%m-%d}")
    page.get_by_role("button", name="Save").click()


def test_the_officer_takes_a_meeting_from_scheduling_to_published_minutes(
    page, new_context, log_in, executive, screenshot, live_server
):
    body = executive["body"]
    today = timezone.localdate()
    held_on, approved_on = today - datetime.timedelta(days=14), today - datetime.timedelta(days=7)
    starts = datetime.datetime.combine(held_on, datetime.time(10))

    # Scheduling: this meeting and the next, whose members approve its minutes.
    log_in(page, executive["officer"], body.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_contain_text(BODY)
    schedule(
        page, starts=starts, ends=starts + datetime.timedelta(hours=2), title="Quarterly business meeting",
        every_weeks=1, until=today - datetime.timedelta(days=1),
    )
    expect(page.get_by_role("heading", level=1)).to_contain_text("Meetings")
    expect(page.get_by_text(
        f"Scheduled 2 meetings of {BODY}, from {long_date(held_on)} to {long_date(approved_on)}."
    )).to_be_visible()
    past = page.get_by_role("table", name="Past meetings")
    expect(past.get_by_role("row")).to_have_count(3)  # the header and two meetings
    first = past.get_by_role("row").filter(has_text=held_on.strftime("%a ") + f"{held_on.day} {held_on:%b %Y}")
    first.get_by_role("link", name="Quarterly business meeting").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Quarterly business meeting, {long_date(held_on)} Scheduled"
    )
    meeting_url = page.url
    meeting = Meeting.objects.get(pk=int(meeting_url.rstrip("/").rsplit("/", 1)[1]))

    # The agenda: an item typed in, the standard items around it, a paper, then publication.
    page.get_by_role("link", name="Edit agenda and papers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Agenda for {long_date(held_on)} Draft")
    expect(page.get_by_text("The agenda has no items yet.")).to_be_visible()
    item_form = page.locator("form", has=page.get_by_role("button", name="Add the item"))
    item_form.get_by_label("Title").fill(ITEM)
    item_form.get_by_label("Presenter").fill("Chair of the Community Strategy task group")
    item_form.get_by_label("Purpose").select_option(label="For decision")
    item_form.get_by_role("button", name="Add the item").click()
    expect(page.get_by_text(f"Added item 1, “{ITEM}”.")).to_be_visible()
    page.get_by_role("button", name="Add the standard items").click()
    expect(page.get_by_text(
        "Added “Apologies for absence”, “Declarations of interest”, “Any other business”."
    )).to_be_visible()
    items = page.locator("#agenda-items tbody tr")
    expect(items.locator("td:first-child")).to_have_text(["1", "2", "3", "4"])
    expect(items.locator("td:nth-child(2) > strong")).to_have_text(
        ["Apologies for absence", "Declarations of interest", ITEM, "Any other business"]
    )

    strategy = items.filter(has_text=ITEM)
    strategy.get_by_text("Upload a paper to item 3").click()
    strategy.get_by_label("Paper").set_input_files({
        "name": "community-strategy.pdf", "mimeType": "application/pdf",
        "buffer": pdf_bytes(PAPER, ["The consultation draft of the Community Strategy."]),
    })
    strategy.get_by_label("Title").fill(PAPER)
    strategy.get_by_role("button", name="Upload").click()
    expect(page.get_by_text(f"Uploaded “{PAPER}” to item 3.")).to_be_visible()
    expect(items.filter(has_text=ITEM).get_by_role("link", name=PAPER)).to_be_visible()

    expect(page.get_by_label("Now")).to_be_checked()
    page.get_by_role("button", name="Publish the agenda").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Publish the agenda now?")
    expect(page.get_by_text("Its 4 items and papers become readable by the public")).to_be_visible()
    page.get_by_role("button", name="Yes, publish the agenda").click()
    expect(page.get_by_text("The agenda and its papers are published.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Agenda for {long_date(held_on)} Published")
    screenshot(page, "journey-agenda-published")

    # After the meeting: the register (a Present row marks it held).
    page.get_by_role("link", name="See the meeting page").click()
    expect(page.get_by_role("link", name=PAPER)).to_be_visible()
    page.get_by_role("link", name="Record attendance").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Attendance on {long_date(held_on)}")
    expect(page.get_by_text("This meeting is still scheduled.")).to_be_visible()
    for name, status in (("Frances Waugh", "Present"), ("Rachel Armstrong", "Present"),
                         ("Stephen Kirkbride", "Present"), ("Ronald Bowman", "Apologies")):
        row = register_row(page, name)
        row.get_by_label(status, exact=True).check()
        expect(row.locator(".register__saved")).to_have_text("Saved")
    expect(quorum_figure(page, "Counted")).to_have_text("3")
    expect(quorum_figure(page, "Quorate")).to_have_text("Yes")
    screenshot(page, "journey-attendance")

    # The minutes: text for two items, a decision and an action, all in the editor.
    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="Quarterly business meeting").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Quarterly business meeting, {long_date(held_on)} Held")
    page.get_by_role("link", name="Write or manage the minutes").click()
    expect(page.get_by_text("No minutes have been started for this meeting.")).to_be_visible()
    page.get_by_role("button", name="Start the draft minutes").click()
    expect(page.get_by_text("Started the draft minutes.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Minutes of {long_date(held_on)} Draft")
    page.get_by_label("Minute of item 1").fill(APOLOGIES_MINUTE)
    page.get_by_label("Minute of item 3").fill(ITEM_MINUTE)
    decisions = page.locator("#decisions")
    decisions.get_by_label("Agenda item").select_option(label=f"3. {ITEM}")
    decisions.get_by_label("Decision").fill(DECISION)
    decisions.get_by_role("button", name="Add the decision").click()
    expect(page.get_by_text("Recorded the decision; the draft is saved.")).to_be_visible()
    expect(page.locator(f"#minutes-item-{meeting.items.get(title=ITEM).pk}")).to_contain_text(DECISION)
    expect(page.get_by_label("Minute of item 3")).to_have_value(ITEM_MINUTE)

    action = page.locator("#record-action")
    action.get_by_label("Agenda item").select_option(label=f"3. {ITEM}")
    action.get_by_label("Action").fill(ACTION)
    action.get_by_label("Owner").select_option(label="Rachel Armstrong")
    action.get_by_label("Due by").fill(f"{today + datetime.timedelta(days=30):%Y-%m-%d}")
    action.get_by_role("button", name="Add the action").click()
    expect(page.get_by_text("Recorded the action; the draft is saved.")).to_be_visible()
    actions = page.get_by_role("table", name="Actions from this meeting")
    expect(actions).to_contain_text(ACTION)
    expect(actions).to_contain_text("Rachel Armstrong")
    expect(page.locator("#quorum")).to_contain_text("Quorate")
    screenshot(page, "journey-minutes-draft")

    # Approved at the next meeting, then published.
    page.get_by_label("Approved at").select_option(
        label=f"{BODY} – Quarterly business meeting, {long_date(approved_on)}"
    )
    page.get_by_role("button", name="Approve the minutes").click()
    expect(page.get_by_text("Version 1 of the minutes is approved; its text is now locked.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Minutes of {long_date(held_on)} Approved")
    expect(page.get_by_text(ITEM_MINUTE)).to_be_visible()
    page.get_by_role("button", name="Publish the minutes").click()
    expect(page.get_by_text("The minutes are published.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Minutes of {long_date(held_on)} Published")
    minutes = meeting.minutes_versions.get()
    assert minutes.status == MinutesStatus.PUBLISHED and minutes.approved_on == approved_on

    # The public: from the list of published minutes to the minutes and their PDF.
    public = new_context().new_page()
    public.goto("/minutes/")
    expect(public.get_by_role("heading", level=1)).to_have_text("Published minutes")
    listed = public.get_by_role("table", name="Published minutes, newest meeting first")
    listed.get_by_role("link", name=f"Quarterly business meeting, {long_date(held_on)}").click()
    expect(public.get_by_role("heading", level=1)).to_have_text(f"Minutes of the meeting on {long_date(held_on)} Published")
    expect(public.get_by_text(f"Approved at the meeting of {long_date(approved_on)}")).to_be_visible()
    for text in (ITEM_MINUTE, APOLOGIES_MINUTE, DECISION, ACTION):
        expect(public.get_by_text(text)).to_be_visible()
    attendance = public.locator("#attendance + dl")
    expect(attendance).to_contain_text("Rachel Armstrong")
    expect(attendance.locator("dt", has_text="Apologies").locator("+ dd")).to_have_text("Ronald Bowman")
    screenshot(public, "journey-minutes-public")

    download = public.get_by_role("link", name="Download these minutes as a PDF")
    assert download.get_attribute("href") == f"/meetings/{meeting.pk}/minutes.pdf"
    response = public.request.get(download.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF-")


def test_a_member_sends_a_deputy_and_the_officer_sees_it_in_the_register(
    page, new_context, log_in, executive, screenshot
):
    body = executive["body"]
    day = timezone.localdate() + datetime.timedelta(days=21)
    starts = datetime.datetime.combine(day, datetime.time(18))

    # The officer schedules the meeting.
    officer = new_context().new_page()
    log_in(officer, executive["officer"], body.get_absolute_url())
    schedule(officer, starts=starts, ends=starts + datetime.timedelta(hours=2))
    expect(officer.get_by_text(f"Saved the meeting of {BODY} on {long_date(day)}.")).to_be_visible()
    meeting_url = officer.url

    # The member, from My meetings to the meeting and the apologies form.
    log_in(page, executive["member"], "/accounts/")
    page.get_by_role("link", name="My meetings, actions and attendance").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My meetings")
    coming = page.locator("#upcoming ~ section.meeting-summary").first
    coming.get_by_role("link", name=f"{BODY}: Business meeting").click()
    assert page.url == meeting_url
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Business meeting, {long_date(day)} Scheduled")
    page.get_by_role("link", name="Send apologies or a deputy").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Send apologies or a deputy")
    expect(page.get_by_text("Your designated deputy is Victor Blair.")).to_be_visible()
    page.get_by_label("A deputy will attend in my place").check()
    expect(page.get_by_label("Your deputy, if one attends")).to_have_value(str(executive["rachel"].designated_deputy_id))
    page.get_by_label("A note for the clerk").fill(DEPUTY_NOTE)
    screenshot(page, "journey-apologies-form")
    page.get_by_role("button", name="Send", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("My meetings")
    expect(page.get_by_text("Victor Blair will attend the meeting in your place.")).to_be_visible()
    sent = page.locator(".apologies")
    expect(sent).to_contain_text("Deputy attending")
    expect(sent).to_contain_text("Victor Blair attends in your place.")

    # The officer opens the register from the meeting page and finds the deputy there.
    officer.reload()
    officer.get_by_role("link", name="Record attendance").click()
    expect(officer.get_by_role("heading", level=1)).to_have_text(f"Attendance on {long_date(day)}")
    expect(officer.get_by_text("Until it starts, only apologies and deputies can be recorded")).to_be_visible()
    row = register_row(officer, "Rachel Armstrong")
    expect(row.get_by_label("Represented by deputy")).to_be_checked()
    expect(row.locator(".register__said")).to_contain_text("Victor Blair (deputy for Rachel Armstrong)")
    expect(officer.get_by_label("Deputy who attended for Rachel Armstrong")).to_have_value(
        str(executive["rachel"].designated_deputy_id)
    )
    expect(officer.get_by_label("Note on Rachel Armstrong's attendance")).to_have_value(DEPUTY_NOTE)
    expect(register_row(officer, "Stephen Kirkbride").locator(".register__said")).to_contain_text("Not recorded yet")
    screenshot(officer, "journey-register-deputy")

    attendance = Attendance.objects.get(meeting__starts_at__date=day)
    assert (attendance.membership, attendance.status, attendance.deputy.name, attendance.note) == (
        executive["rachel"], AttendanceStatus.DEPUTY, "Victor Blair", DEPUTY_NOTE
    )
    assert attendance.meeting.status == MeetingStatus.SCHEDULED
