"""The clerk's pages (meetings/views/meeting.py, agenda.py and minutes.py) and the meeting page everyone reads: forms with
readable errors, agendas, publication, the minutes workflow through the views, and who sees
what on the meeting page."""

import datetime
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings import services
from meetings.models import (
    Action,
    ActionStatus,
    Attendance,
    Declaration,
    Meeting,
    MeetingStatus,
    MinuteEntry,
    Minutes,
    MinutesStatus,
    Paper,
)
from tests.factories import AdminUserFactory, BodyFactory, MembershipFactory, PersonFactory, UserFactory
from tests.meetings.factories import AttendanceFactory, at, pdf_upload, user_on

from .pages import text, titles, url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]
DAY = datetime.timedelta(days=1)
D = datetime.date


@pytest.fixture
def meeting(body):
    meeting = services.create_meeting(body, starts_at=timezone.now() + 10 * DAY, venue="Civic Centre")
    for title in ("Apologies", "Community Strategy", "Any other business"):
        services.add_agenda_item(meeting, title)
    return meeting


# --- Meetings --------------------------------------------------------------------------


def test_an_officer_schedules_a_meeting_of_their_body(officer, body):
    response = officer.post(reverse("meetings:meeting-add", kwargs={"slug": body.slug}), {
        "kind": "deep_dive", "title": "Deep dive: worklessness", "starts_at": "2030-03-11T18:00",
        "ends_at": "2030-03-11T20:00", "venue": "Tullie House", "public": "on",
    })
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
    assert (meeting.body, meeting.kind, meeting.venue, meeting.public) == (body, "deep_dive", "Tullie House", True)
    assert timezone.localtime(meeting.starts_at).hour == 18


def test_a_meeting_ending_before_it_starts_is_refused_with_the_error_on_the_field(officer, body):
    response = officer.post(reverse("meetings:meeting-add", kwargs={"slug": body.slug}), {
        "kind": "business", "starts_at": "2030-03-11T18:00", "ends_at": "2030-03-11T17:00", "venue": "Tullie House",
    })
    assert response.status_code == 200
    assert response.context["form"].errors["ends_at"] == [
        "The meeting must end after it starts: check the finishing time and date."
    ]
    assert 'value="Tullie House"' in response.content.decode()  # what was typed is kept
    assert not Meeting.objects.exists()


def test_a_nonsense_date_is_explained(officer, body):
    response = officer.post(reverse("meetings:meeting-add", kwargs={"slug": body.slug}), {
        "kind": "business", "starts_at": "next thursday",
    })
    assert "Enter a real date and time" in text(response)
    assert not Meeting.objects.exists()


def test_an_officer_cancels_a_meeting_by_editing_its_status(officer, meeting):
    data = {"kind": "business", "starts_at": timezone.localtime(meeting.starts_at).strftime("%Y-%m-%dT%H:%M"),
            "venue": "Civic Centre", "status": "cancelled"}
    assert officer.post(url("meeting-edit", meeting), data).status_code == 302
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.CANCELLED
    response = officer.post(url("meeting-edit", meeting), {**data, "status": "held"})
    assert "has not started yet" in text(response)


def test_other_bodies_officers_and_members_cannot_manage_the_meeting(client, meeting, body):
    client.force_login(user_on(body, role="member"))
    assert client.post(url("agenda-edit", meeting), {"title": "Hijack"}).status_code == 404
    client.force_login(user_on(BodyFactory(), role="officer"))
    assert client.post(url("agenda-edit", meeting), {"title": "Hijack"}).status_code == 404
    assert client.post(url("agenda-publish", meeting), {"when": "now"}).status_code == 404
    assert "Hijack" not in titles(meeting)
    assert not Meeting.objects.get(pk=meeting.pk).agenda_is_published


# --- The agenda ------------------------------------------------------------------------


def test_items_are_added_changed_and_removed(officer, meeting):
    response = officer.post(url("agenda-edit", meeting), {"title": "Funding bids", "purpose": "decision", "confidential": "on"})
    assert response.status_code == 302
    item = meeting.items.get(title="Funding bids")
    assert (item.position, item.purpose, item.confidential) == (4, "decision", True)

    assert officer.get(url("agenda-edit", meeting) + f"?item={item.pk}").context["editing"] == item
    officer.post(url("agenda-edit", meeting), {"do": "edit", "item": item.pk, "title": "Funding bids: appraisal", "purpose": "decision"})
    item.refresh_from_db()
    assert (item.title, item.confidential) == ("Funding bids: appraisal", False)

    first = meeting.items.get(position=1).pk
    # Removing asks first (a page of its own, no JavaScript needed); confirmed, the item goes.
    response = officer.post(url("agenda-edit", meeting), {"do": "delete", "item": first})
    assert response.status_code == 200 and "Remove item 1, “Apologies”, from the agenda?" in text(response)
    assert len(titles(meeting)) == 4
    officer.post(url("agenda-edit", meeting), {"do": "delete", "item": first, "confirmed": "yes"})
    assert titles(meeting) == ["Community Strategy", "Any other business", "Funding bids: appraisal"]


def test_an_item_without_a_title_is_refused_with_a_message(officer, meeting):
    response = officer.post(url("agenda-edit", meeting), {"title": "", "purpose": "decision"})
    assert response.status_code == 200
    assert "Enter the item's title." in text(response)
    assert len(titles(meeting)) == 3


def test_moving_an_item_works_with_a_plain_post_and_with_htmx(officer, meeting):
    last = meeting.items.get(position=3)
    response = officer.post(url("agenda-edit", meeting), {"do": "move", "item": last.pk, "direction": "up"})
    assert response.status_code == 302 and response["Location"].endswith(f"#item-{last.pk}")
    assert titles(meeting) == ["Apologies", "Any other business", "Community Strategy"]

    response = officer.post(
        url("agenda-edit", meeting), {"do": "move", "item": last.pk, "direction": "up"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert titles(meeting) == ["Any other business", "Apologies", "Community Strategy"]
    fragment = response.content.decode()
    assert fragment.startswith('<div id="agenda-items">') and "<html" not in fragment
    assert fragment.index("Any other business") < fragment.index("Apologies")


def test_an_item_of_another_meeting_cannot_be_touched_from_this_one(officer, meeting, body):
    other = services.create_meeting(body, starts_at=timezone.now() + 20 * DAY)
    foreign = services.add_agenda_item(other, "Elsewhere")
    for data in ({"do": "delete", "item": foreign.pk}, {"do": "move", "item": foreign.pk, "direction": "up"},
                 {"do": "delete", "item": "not-a-number"}):
        assert officer.post(url("agenda-edit", meeting), data).status_code == 404
    assert titles(other) == ["Elsewhere"]
    assert officer.post(url("agenda-edit", meeting), {"do": "explode"}).status_code == 400


def test_papers_are_uploaded_and_removed_on_the_agenda_page(officer, meeting, django_capture_on_commit_callbacks):
    item = meeting.items.get(position=2)
    officer.post(url("agenda-edit", meeting), {"do": "upload", "item": item.pk, "title": "", "file": pdf_upload("results.pdf")})
    paper = Paper.objects.get()
    assert (paper.item, paper.title) == (item, "results")
    page = text(officer.get(url("agenda-edit", meeting)))
    assert "results" in page and reverse("meetings:paper", kwargs={"pk": paper.pk}) in page

    response = officer.post(url("agenda-edit", meeting), {"do": "remove-paper", "paper": paper.pk})
    assert "Remove the paper “results” from item 2?" in text(response) and Paper.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        officer.post(url("agenda-edit", meeting), {"do": "remove-paper", "paper": paper.pk, "confirmed": "yes"})
    assert not Paper.objects.exists()


def test_an_upload_without_a_file_says_so(officer, meeting):
    item = meeting.items.get(position=2)
    response = officer.post(url("agenda-edit", meeting), {"do": "upload", "item": item.pk, "title": "Report"})
    assert "Choose a file to upload." in text(response)


def test_the_agenda_is_published_now_or_scheduled(officer, meeting):
    response = officer.post(url("agenda-publish", meeting), {"when": "later", "publish_at": "2001-01-01T09:00"})
    assert response.status_code == 200
    assert "That time has passed" in text(response)
    after = timezone.localtime(meeting.starts_at + DAY).strftime("%Y-%m-%dT%H:%M")
    response = officer.post(url("agenda-publish", meeting), {"when": "later", "publish_at": after})
    assert "Choose a time before the meeting starts" in text(response)
    assert "Choose the date and time" in text(officer.post(url("agenda-publish", meeting), {"when": "later"}))

    when = timezone.localtime(timezone.now() + 2 * DAY).replace(second=0, microsecond=0)
    officer.post(url("agenda-publish", meeting), {"when": "later", "publish_at": when.strftime("%Y-%m-%dT%H:%M"),
                                                  "confirmed": "yes"})
    meeting.refresh_from_db()
    assert meeting.agenda_publish_at == when and not meeting.agenda_is_published
    assert "will be published on" in text(officer.get(url("agenda-edit", meeting)))

    officer.post(url("agenda-publish", meeting), {"do": "unschedule"})
    meeting.refresh_from_db()
    assert meeting.agenda_publish_at is None

    response = officer.post(url("agenda-publish", meeting), {"when": "now"})
    assert "Publish the agenda now?" in text(response)
    meeting.refresh_from_db()
    assert not meeting.agenda_is_published
    officer.post(url("agenda-publish", meeting), {"when": "now", "confirmed": "yes"})
    meeting.refresh_from_db()
    assert meeting.agenda_is_published
    response = officer.post(url("agenda-publish", meeting), {"when": "now"}, follow=True)
    assert "already published" in text(response)


# --- Minutes ---------------------------------------------------------------------------


@pytest.fixture
def held(body):
    meeting = services.create_meeting(body, starts_at=at(2009, 11, 5), status=MeetingStatus.HELD)
    for title in ("Community Strategy", "Funding bids"):
        services.add_agenda_item(meeting, title)
    later = services.create_meeting(body, starts_at=at(2010, 1, 14), status=MeetingStatus.HELD)
    return meeting, later


def test_the_minutes_workflow_through_the_pages(officer, held):
    meeting, later = held
    first, second = meeting.items.order_by("position")
    assert "Start the draft minutes" in text(officer.get(url("minutes-edit", meeting)))
    officer.post(url("minutes-edit", meeting), {"do": "start"})
    minutes = Minutes.objects.get()

    officer.post(url("minutes-edit", meeting), {
        "do": "save", f"entry-{first.pk}": "The strategy was discussed.", f"entry-{second.pk}": "", "entry-general": "",
    })
    assert list(minutes.entries.values_list("text", flat=True)) == ["The strategy was discussed."]
    # The page is one form: each part's fields carry its prefix (meetings/forms/minutes.py DraftPart).
    officer.post(url("minutes-edit", meeting), {
        "do": "add-decision", "decision-item": first.pk, "decision-text": "Endorsed the themes.",
    })
    owner = PersonFactory(name="Laura Bell")
    officer.post(url("minutes-edit", meeting), {
        "do": "add-action", "action-item": first.pk, "action-text": "Circulate the report", "action-owner": owner.pk,
        "action-due": "2009-12-01",
    })
    officer.post(url("minutes-edit", meeting), {
        "do": "declare", "declaration-item": second.pk, "declaration-person": owner.pk, "declaration-nature": "pecuniary",
        "declaration-description": "Trustee of a bidder", "declaration-left_the_room": "on",
    })
    assert minutes.decisions.get().text == "Endorsed the themes."
    assert Action.objects.get().owner == owner
    assert Declaration.objects.get().left_the_room

    page = text(officer.get(url("minutes-edit", meeting)))
    assert "Trustee of a bidder (left the room for this item)" in page
    assert "Approve the minutes" in page

    officer.post(url("minutes-approve", meeting), {"at_meeting": later.pk})
    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.APPROVED and minutes.approved_at_meeting == later

    officer.post(url("minutes-publish", meeting), {"when": "now"})
    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.PUBLISHED


def test_approved_text_cannot_be_changed_through_the_staff_views(officer, held):
    meeting, later = held
    first = meeting.items.order_by("position").first()
    minutes = services.start_minutes(meeting, None)
    services.save_minute_entry(minutes, first, "The strategy was discussed.")
    services.add_decision(minutes, first, "Endorsed the themes.")
    services.approve_minutes(minutes, later)

    attempts = [
        {"do": "save", f"entry-{first.pk}": "Rewritten after approval."},
        {f"entry-{first.pk}": "Rewritten after approval."},
        {"do": "add-decision", "decision-item": first.pk, "decision-text": "A new decision."},
        {"do": "remove-decision", "decision": minutes.decisions.get().pk},
        {"do": "quorum"},
    ]
    for data in attempts:
        response = officer.post(url("minutes-edit", meeting), data)
        assert response.status_code == 409
        assert "cannot change. Make a correction instead" in text(response)
    assert list(MinuteEntry.objects.values_list("text", flat=True)) == ["The strategy was discussed."]
    assert list(minutes.decisions.values_list("text", flat=True)) == ["Endorsed the themes."]
    response = officer.post(url("minutes-approve", meeting), {"at_meeting": later.pk})
    assert "cannot change" in text(response)


def words(response):
    """The page's text without its tags."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def entries(minutes):
    return {entry.item.title if entry.item else None: entry.text for entry in minutes.entries.select_related("item")}


def test_adding_a_decision_saves_the_minutes_typed_before_it(officer, held):
    # Issue 11: typing minutes for two items, then "Add the decision" before "Save the draft",
    # emptied both text areas.
    meeting, _ = held
    first, second = meeting.items.order_by("position")
    minutes = services.start_minutes(meeting, None)
    response = officer.post(url("minutes-edit", meeting), {
        "do": "add-decision", "entry-general": "", f"entry-{first.pk}": "The strategy was discussed.",
        f"entry-{second.pk}": "Eleven bids were received.", "decision-item": second.pk,
        "decision-text": "Fund the three highest-scoring bids.",
    })
    assert response.status_code == 302 and response.url.endswith("#decisions")
    assert entries(minutes) == {"Community Strategy": "The strategy was discussed.", "Funding bids": "Eleven bids were received."}
    assert list(minutes.decisions.values_list("item", "text")) == [(second.pk, "Fund the three highest-scoring bids.")]
    page = text(officer.get(url("minutes-edit", meeting)))
    assert "Recorded the decision; the draft is saved." in page and "The strategy was discussed." in page


def test_every_button_of_the_draft_posts_the_one_form_with_the_text(officer, held):
    meeting, _ = held
    minutes = services.start_minutes(meeting, None)
    decision = services.add_decision(minutes, None, "Noted the apologies.")
    action = services.add_action(minutes, None, "Circulate the report")
    html_page = officer.get(url("minutes-edit", meeting)).content.decode()
    form = html_page[html_page.index('<form method="post" novalidate id="minutes-draft"'):]
    form = form[:form.index("</form>")]
    for button in ('value="save"', 'value="add-decision"', 'value="declare"', f'value="remove-decision:{decision.pk}"'):
        assert f'name="do" {button}' in form
    # The action parts, and the actions table with each action's status, stand below the form.
    assert 'form="minutes-draft" name="do" value="add-action"' in html_page
    assert f'form="minutes-draft" name="do" value="remove-action:{action.pk}"' in html_page
    assert f'name="action-{action.pk}-status" id="action-{action.pk}-status" form="minutes-draft"' in html_page
    assert f'form="minutes-draft" name="do" value="action-status:{action.pk}"' in html_page
    assert 'action="{}"'.format(url("action-status", meeting, action_pk=action.pk)) not in html_page
    assert 'name="action-text" cols="40" rows="2" form="minutes-draft"' in html_page
    assert "js/unsaved-changes.js" in html_page and "data-unsaved-warning" in form


def test_removing_a_decision_or_an_action_saves_the_text_too(officer, held):
    meeting, _ = held
    first = meeting.items.order_by("position").first()
    minutes = services.start_minutes(meeting, None)
    decision = services.add_decision(minutes, first, "Endorsed the themes.")
    action = services.add_action(minutes, first, "Circulate the report")
    officer.post(url("minutes-edit", meeting), {"do": f"remove-decision:{decision.pk}", f"entry-{first.pk}": "Discussed."})
    assert not minutes.decisions.exists() and entries(minutes) == {"Community Strategy": "Discussed."}
    officer.post(url("minutes-edit", meeting), {"do": f"remove-action:{action.pk}", f"entry-{first.pk}": "Discussed at length."})
    assert not meeting.actions.exists() and entries(minutes) == {"Community Strategy": "Discussed at length."}
    # A decision removed meanwhile (another tab): said, and nothing typed is lost.
    response = officer.post(url("minutes-edit", meeting), {"do": f"remove-decision:{decision.pk}", f"entry-{first.pk}": "New words."})
    assert response.status_code == 200
    assert "That decision is no longer in the minutes" in text(response) and "New words." in text(response)
    assert entries(minutes) == {"Community Strategy": "Discussed at length."}


def test_a_refused_addition_saves_nothing_and_keeps_everything_typed(officer, held):
    meeting, _ = held
    first = meeting.items.order_by("position").first()
    minutes = services.start_minutes(meeting, None)
    response = officer.post(url("minutes-edit", meeting), {
        "do": "add-action", f"entry-{first.pk}": "The strategy was discussed.", "action-item": first.pk,
        "action-text": "", "action-due": "2009-12-01", "decision-text": "Endorsed the themes.",
    })
    page = text(response)
    assert response.status_code == 200 and "Say what is to be done." in page
    # Nothing saved (one transaction), all of it on the page again, and leaving it warns at once.
    assert not minutes.entries.exists() and not meeting.actions.exists() and not minutes.decisions.exists()
    assert "The strategy was discussed." in page and "Endorsed the themes." in page and 'value="2009-12-01"' in page
    assert "data-unsaved-warning data-unsaved" in response.content.decode()


def test_what_was_typed_into_another_part_is_kept_when_one_is_added(officer, held):
    meeting, _ = held
    first = meeting.items.order_by("position").first()
    minutes = services.start_minutes(meeting, None)
    response = officer.post(url("minutes-edit", meeting), {
        "do": "add-decision", f"entry-{first.pk}": "Discussed.", "decision-item": first.pk,
        "decision-text": "Endorsed the themes.", "action-text": "Circulate the report",
    })
    assert response.status_code == 200
    assert minutes.decisions.get().text == "Endorsed the themes." and entries(minutes) == {"Community Strategy": "Discussed."}
    assert not meeting.actions.exists()
    action_form = response.context["action_form"]
    assert not action_form.is_bound and action_form["text"].value() == "Circulate the report"
    assert "What you typed in the other forms below is not added yet" in text(response)


def test_the_quorum_comes_from_the_register_until_the_minutes_record_it(officer, held, body):
    # Issue 11: the editor said "Not recorded" while the register said quorate.
    meeting, _ = held
    minutes = services.start_minutes(meeting, None)
    assert "Not recorded: no attendance is recorded yet" in words(officer.get(url("minutes-edit", meeting)))
    alan = MembershipFactory(body=body, person__name="Alan Tinnion")
    MembershipFactory(body=body, person__name="Beth Wood")
    AttendanceFactory(meeting=meeting, membership=alan, status="present")
    page = words(officer.get(url("minutes-edit", meeting)))
    assert "Quorate by the attendance register : 1 counted, 1 needed. Saving the draft records it" in page
    officer.post(url("minutes-edit", meeting), {"do": "save", "entry-general": "Apologies were received."})
    minutes.refresh_from_db()
    assert minutes.quorate is True
    # The register corrected afterwards: the minutes keep what they recorded, and say it differs.
    Attendance.objects.filter(membership=alan).update(status="apologies")
    page = words(officer.get(url("minutes-edit", meeting)))
    assert "Quorate The attendance register now says not quorate: 0 counted, 1 needed." in page
    officer.post(url("minutes-edit", meeting), {"do": "quorum", "entry-general": "Apologies were received."})
    minutes.refresh_from_db()
    assert minutes.quorate is False


def test_people_at_the_meeting_are_offered_first_for_declarations_and_actions(officer, held, body):
    meeting, _ = held
    services.start_minutes(meeting, None)
    alan = MembershipFactory(body=body, person__name="Zoe Yates")  # last by name, first as a member
    deputy = PersonFactory(name="Yusuf Deputy")
    AttendanceFactory(meeting=meeting, membership=alan, status="deputy", deputy=deputy)
    PersonFactory(name="Aaron Elsewhere")
    MembershipFactory(body=body, person__name="Gone Before", start=D(2001, 1, 1), end=D(2008, 1, 1))
    response = officer.get(url("minutes-edit", meeting))
    officer_name = body.memberships.get(role="officer").person.name
    for form in (response.context["declaration_form"], response.context["action_form"]):
        field = form.fields["person" if "person" in form.fields else "owner"]
        (_, blank), (first_group, at_meeting), (rest_group, everyone_else) = field.choices
        assert blank == "---------" and (first_group, rest_group) == ("At the meeting", "Everyone else")
        assert [name for _, name in at_meeting] == sorted(["Zoe Yates", "Yusuf Deputy", officer_name])
        assert "Aaron Elsewhere" in [name for _, name in everyone_else]
        assert "Gone Before" in [name for _, name in everyone_else]
    assert '<optgroup label="At the meeting">' in response.content.decode()
    # A choice from either group is taken.
    officer.post(url("minutes-edit", meeting), {
        "do": "add-action", "action-text": "Write to the bidders", "action-owner": PersonFactory(name="Ann Other").pk,
    })
    assert meeting.actions.get().owner.name == "Ann Other"


def test_minutes_are_approved_only_at_a_later_meeting_offered_in_the_form(officer, held, body):
    meeting, later = held
    minutes = services.start_minutes(meeting, None)
    services.save_minute_entry(minutes, None, "Text")
    earlier = services.create_meeting(body, starts_at=at(2009, 9, 3), status=MeetingStatus.HELD)
    page = officer.get(url("minutes-edit", meeting))
    assert list(page.context["approve_form"].fields["at_meeting"].queryset) == [later]
    response = officer.post(url("minutes-approve", meeting), {"at_meeting": earlier.pk})
    assert "Choose one of the later meetings listed." in text(response)
    assert Minutes.objects.get().status == MinutesStatus.DRAFT


def test_a_correction_needs_a_reason_and_starts_a_new_version(officer, held):
    meeting, later = held
    minutes = services.start_minutes(meeting, None)
    services.save_minute_entry(minutes, None, "Text")
    services.approve_minutes(minutes, later)
    assert officer.get(url("minutes-correct", meeting)).status_code == 200
    response = officer.post(url("minutes-correct", meeting), {"reason": "   "})
    assert "Say why the minutes are being corrected" in text(response)
    assert Minutes.objects.count() == 1

    officer.post(url("minutes-correct", meeting), {"reason": "The general minute omitted the apologies."})
    correction = Minutes.objects.get(version=2)
    assert (correction.status, correction.supersedes, correction.correction_reason) == (
        MinutesStatus.DRAFT, minutes, "The general minute omitted the apologies.",
    )
    assert "correcting version 1" in text(officer.get(url("minutes-edit", meeting)))


def test_minutes_publication_can_be_scheduled(officer, held):
    meeting, later = held
    minutes = services.start_minutes(meeting, None)
    services.save_minute_entry(minutes, None, "Text")
    services.approve_minutes(minutes, later)
    when = timezone.localtime(timezone.now() + 3 * DAY).replace(second=0, microsecond=0)
    officer.post(url("minutes-publish", meeting), {"when": "later", "publish_at": when.strftime("%Y-%m-%dT%H:%M")})
    minutes.refresh_from_db()
    assert (minutes.status, minutes.publish_at) == (MinutesStatus.APPROVED, when)
    assert services.publish_due(now=when + DAY)["minutes"] == 1


def test_action_status_is_updated_with_htmx_or_a_plain_post_also_after_approval(officer, held):
    meeting, later = held
    minutes = services.start_minutes(meeting, None)
    services.save_minute_entry(minutes, None, "Text")
    action = services.add_action(minutes, None, "Circulate the report")
    services.approve_minutes(minutes, later)
    status_url = url("action-status", meeting, action_pk=action.pk)
    status = f"action-{action.pk}-status"
    assert f'<form id="action-status-{action.pk}" method="post" action="{status_url}"' in text(officer.get(url("minutes-edit", meeting)))

    response = officer.post(status_url, {status: "done"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Saved" in text(response) and "<html" not in response.content.decode()
    assert Action.objects.get().status == ActionStatus.DONE

    response = officer.post(status_url, {status: "dropped"})
    assert response.status_code == 302 and response.url.endswith("#actions")
    assert Action.objects.get().status == ActionStatus.DROPPED
    response = officer.post(status_url, {status: "finished"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 400
    assert Action.objects.get().status == ActionStatus.DROPPED


def test_updating_an_actions_status_on_the_draft_saves_the_minutes_typed_too(officer, held):
    # Issue 11: "Update" posted a form of its own, so the minutes typed before it were lost.
    meeting, _ = held
    first, second = meeting.items.order_by("position")
    minutes = services.start_minutes(meeting, None)
    action = services.add_action(minutes, first, "Circulate the report")
    other = services.add_action(minutes, second, "Score the late bids")
    response = officer.post(url("minutes-edit", meeting), {
        "do": f"action-status:{action.pk}", "entry-general": "", f"entry-{first.pk}": "The strategy was discussed.",
        f"entry-{second.pk}": "", f"action-{action.pk}-status": "done", f"action-{other.pk}-status": "open",
    })
    assert response.status_code == 302 and response.url.endswith("#actions")
    assert entries(minutes) == {"Community Strategy": "The strategy was discussed."}
    assert dict(meeting.actions.values_list("text", "status")) == {
        "Circulate the report": ActionStatus.DONE, "Score the late bids": ActionStatus.OPEN,
    }
    page = text(officer.get(url("minutes-edit", meeting)))
    assert "“Circulate the report” is now done. The draft is saved." in page and "The strategy was discussed." in page


def test_a_refused_status_update_on_the_draft_saves_nothing_and_keeps_the_text(officer, held):
    meeting, _ = held
    first = meeting.items.order_by("position").first()
    minutes = services.start_minutes(meeting, None)
    action = services.add_action(minutes, first, "Circulate the report")
    typed = {f"entry-{first.pk}": "New words.", "decision-text": "Endorsed the themes."}
    response = officer.post(url("minutes-edit", meeting), {
        **typed, "do": f"action-status:{action.pk}", f"action-{action.pk}-status": "finished",
    })
    assert response.status_code == 200
    assert "Choose one of the statuses listed." in text(response)
    assert "New words." in text(response) and "Endorsed the themes." in text(response)
    assert not minutes.entries.exists() and Action.objects.get().status == ActionStatus.OPEN
    services.remove_action(action)  # meanwhile, in another tab
    response = officer.post(url("minutes-edit", meeting), {
        **typed, "do": f"action-status:{action.pk}", f"action-{action.pk}-status": "done",
    })
    assert response.status_code == 200
    assert "That action is no longer in the minutes" in text(response) and "New words." in text(response)
    assert not minutes.entries.exists()


def draft_with_two_actions(held):
    meeting, _ = held
    first, second = meeting.items.order_by("position")
    minutes = services.start_minutes(meeting, None)
    return meeting, first, (
        services.add_action(minutes, first, "Circulate the report"),
        services.add_action(minutes, second, "Score the late bids"),
    )


def test_save_the_draft_keeps_a_status_changed_without_its_update_button(officer, held):
    meeting, first, (action, other) = draft_with_two_actions(held)
    html = officer.get(url("minutes-edit", meeting)).content.decode()
    assert f'name="action-{action.pk}-shown" value="open" form="minutes-draft"' in html
    response = officer.post(url("minutes-edit", meeting), {
        "do": "save", f"entry-{first.pk}": "The strategy was discussed.",
        f"action-{action.pk}-status": "done", f"action-{action.pk}-shown": "open",
        f"action-{other.pk}-status": "open", f"action-{other.pk}-shown": "open",
    })
    assert response.status_code == 302
    assert dict(meeting.actions.values_list("text", "status")) == {
        "Circulate the report": ActionStatus.DONE, "Score the late bids": ActionStatus.OPEN,
    }
    page = text(officer.get(url("minutes-edit", meeting)))
    assert "Saved the draft minutes. “Circulate the report” is now done." in page
    assert "The strategy was discussed." in page


def test_a_stale_page_does_not_undo_a_status_set_since(officer, held):
    meeting, first, (action, _) = draft_with_two_actions(held)
    services.update_action_status(action, ActionStatus.DONE)  # meanwhile, in another tab
    response = officer.post(url("minutes-edit", meeting), {
        "do": "save", f"entry-{first.pk}": "Text.", f"action-{action.pk}-status": "open", f"action-{action.pk}-shown": "open",
    })
    assert response.status_code == 302
    assert meeting.actions.get(pk=action.pk).status == ActionStatus.DONE


def test_a_status_chosen_on_a_post_that_fails_is_shown_chosen_again_and_saved_with_nothing_else(officer, held):
    meeting, first, (action, _) = draft_with_two_actions(held)
    response = officer.post(url("minutes-edit", meeting), {
        "do": "add-decision", f"entry-{first.pk}": "New words.", "decision-text": "",
        f"action-{action.pk}-status": "dropped", f"action-{action.pk}-shown": "open",
    })
    assert response.status_code == 200 and "New words." in text(response)
    assert '<option value="dropped" selected>' in response.content.decode()
    assert meeting.actions.get(pk=action.pk).status == ActionStatus.OPEN
    assert not services.newest_minutes(meeting).entries.exists()

    response = officer.post(url("minutes-edit", meeting), {
        "do": "save", f"entry-{first.pk}": "New words.",
        f"action-{action.pk}-status": "finished", f"action-{action.pk}-shown": "open",
    })
    assert response.status_code == 200
    assert "Choose one of the statuses listed." in text(response) and "New words." in text(response)
    assert meeting.actions.get(pk=action.pk).status == ActionStatus.OPEN
    assert not services.newest_minutes(meeting).entries.exists()


def test_the_status_updated_in_place_on_a_draft_stays_a_part_of_the_draft_form(officer, held):
    meeting, _ = held
    minutes = services.start_minutes(meeting, None)
    action = services.add_action(minutes, None, "Circulate the report")
    response = officer.post(
        url("action-status", meeting, action_pk=action.pk), {f"action-{action.pk}-status": "done"}, HTTP_HX_REQUEST="true",
    )
    fragment = response.content.decode()
    assert response.status_code == 200 and Action.objects.get().status == ActionStatus.DONE
    assert fragment.lstrip().startswith(f'<div id="action-status-{action.pk}"') and "<form" not in fragment
    assert f'form="minutes-draft" name="do" value="action-status:{action.pk}"' in fragment
    assert f'hx-params="action-{action.pk}-status"' in fragment and "Saved" in fragment


# --- The meeting page ------------------------------------------------------------------


@pytest.fixture
def published(body):
    meeting = services.create_meeting(body, starts_at=timezone.now() + 3 * DAY, venue="Civic Centre, Carlisle")
    strategy = services.add_agenda_item(meeting, "Community Strategy", presenter="Policy officer", purpose="discussion")
    bids = services.add_agenda_item(meeting, "Funding bids", confidential=True)
    services.upload_paper(bids, pdf_upload("bids.pdf"), "Scoring of the bids")
    services.publish_agenda(meeting)
    services.upload_paper(strategy, pdf_upload("results.pdf"), "Consultation results")  # two days before: late
    return meeting


def test_the_public_sees_the_meeting_and_its_open_items_with_papers_late(client, published):
    page = text(client.get(published.get_absolute_url()))
    for expected in ["Civic Centre, Carlisle", "Business meeting", "Scheduled", "Community Strategy",
                     "For discussion", "Presented by Policy officer", "Consultation results", "Papers late",
                     reverse("meetings:agenda-pdf", kwargs={"pk": published.pk})]:
        assert expected in page, expected
    assert "Funding bids" not in page and "Scoring of the bids" not in page
    assert "Edit agenda" not in page


def test_members_see_confidential_items_marked_and_managers_get_the_buttons(client, published, body):
    client.force_login(user_on(body))
    page = text(client.get(published.get_absolute_url()))
    assert "Funding bids <span class=\"tag tag--purple\">Confidential</span>" in page
    assert "Scoring of the bids" in page
    assert "Edit agenda" not in page
    client.force_login(user_on(body, role="officer"))
    page = text(client.get(published.get_absolute_url()))
    assert "Edit agenda and papers" in page and "Write or manage the minutes" in page


def test_a_draft_agenda_is_marked_for_readers_and_hidden_from_the_public(client, meeting, body):
    page = text(client.get(meeting.get_absolute_url()))
    assert "The agenda will be published before the meeting." in page
    assert "Community Strategy" not in page
    client.force_login(user_on(body))
    page = text(client.get(meeting.get_absolute_url()))
    assert "Agenda not yet published." in page and "Community Strategy" in page


def test_a_private_meeting_is_not_found_by_the_public(client, body):
    meeting = services.create_meeting(body, starts_at=at(2030, 1, 1), public=False)
    assert client.get(meeting.get_absolute_url()).status_code == 404
    client.force_login(UserFactory())
    assert client.get(meeting.get_absolute_url()).status_code == 404


def test_the_meeting_page_links_the_minutes_readers_may_see(client, held, body):
    meeting, later = held
    minutes = services.start_minutes(meeting, None)
    services.save_minute_entry(minutes, None, "Text")
    minutes_url = reverse("meetings:minutes", kwargs={"pk": meeting.pk})
    assert minutes_url not in text(client.get(meeting.get_absolute_url()))
    services.approve_minutes(minutes, later)
    services.publish_minutes(minutes)
    assert minutes_url in text(client.get(meeting.get_absolute_url()))


def test_a_joint_meeting_names_the_visible_bodies_it_is_held_with(client, body):
    neighbour = BodyFactory(name="Allerdale Partnership")
    hidden = BodyFactory(name="Secret task group", public=False)
    meeting = services.create_meeting(body, starts_at=at(2030, 1, 1), kind="joint", joint_with=[neighbour, hidden])
    page = text(client.get(meeting.get_absolute_url()))
    assert "Joint meeting" in page and "Allerdale Partnership" in page and "Secret task group" not in page


@pytest.mark.parametrize("role", ["anonymous", "member"])
def test_the_meeting_page_costs_the_same_queries_for_5_and_50_items(client, body, role, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if role == "member":
        client.force_login(user_on(body))
    counts = []
    for size in (5, 50):
        meeting = services.create_meeting(body, starts_at=at(2030, size // 5, 1))
        for n in range(size):
            item = services.add_agenda_item(meeting, f"Item {n}", confidential=n % 5 == 0)
            if n % 2:
                services.upload_paper(item, pdf_upload(f"paper-{n}.pdf"), "")
        services.publish_agenda(meeting)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(meeting.get_absolute_url()).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    with django_assert_num_queries(counts[0]):
        client.get(meeting.get_absolute_url())


# --- Admin -----------------------------------------------------------------------------


def test_the_admin_shows_meetings_items_with_papers_and_locks_approved_minutes(client, held):
    meeting, later = held
    item = meeting.items.order_by("position").first()
    paper = services.upload_paper(item, pdf_upload("results.pdf"), "Results")
    minutes = services.start_minutes(meeting, None)
    services.save_minute_entry(minutes, item, "Text")
    client.force_login(AdminUserFactory())
    for name, args in [
        ("admin:meetings_meeting_changelist", []), ("admin:meetings_meeting_change", [meeting.pk]),
        ("admin:meetings_agendaitem_change", [item.pk]), ("admin:meetings_minutes_change", [minutes.pk]),
        ("admin:meetings_action_changelist", []), ("admin:meetings_registeredinterest_changelist", []),
        ("admin:meetings_declaration_changelist", []), ("admin:meetings_quorumrule_changelist", []),
        ("admin:meetings_attendancerule_changelist", []), ("admin:meetings_guest_changelist", []),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 200, name
    page = client.get(reverse("admin:meetings_agendaitem_change", args=[item.pk])).content.decode()
    assert reverse("meetings:paper", kwargs={"pk": paper.pk}) in page

    services.approve_minutes(minutes, later)
    change = reverse("admin:meetings_minutes_change", args=[minutes.pk])
    page = client.get(change).content.decode()
    assert 'name="entries-0-text"' not in page and "Text" in page
    client.post(change, {"status": "draft", "version": 1, "meeting": meeting.pk})
    assert Minutes.objects.get().status == MinutesStatus.APPROVED


# --- Private material reaches only those the policy lets see it (issue 8, section 3) ----


@pytest.fixture
def joint_with_private_body(body):
    """A held joint meeting of the officer's body with a private body, that private body's own
    later (private) meeting, and a later meeting of the officer's body."""
    panel = BodyFactory(name="Funding Appraisal Panel", public=False)
    meeting = services.create_meeting(body, starts_at=at(2009, 11, 5), status=MeetingStatus.HELD,
                                      kind="joint", joint_with=[panel])
    services.save_minute_entry(services.start_minutes(meeting, None), None, "Text")
    private = services.create_meeting(panel, starts_at=at(2010, 1, 7), status=MeetingStatus.HELD, public=False,
                                      title="Scoring of the regeneration bids")
    later = services.create_meeting(body, starts_at=at(2010, 1, 14), status=MeetingStatus.HELD)
    return meeting, private, later


def test_an_officers_approval_choices_hold_no_other_bodys_private_meeting(officer, joint_with_private_body):
    meeting, private, later = joint_with_private_body
    page = officer.get(url("minutes-edit", meeting))
    assert list(page.context["approve_form"].fields["at_meeting"].queryset) == [later]
    assert "Scoring of the regeneration bids" not in text(page) and "7 January 2010" not in text(page)
    assert "Funding Appraisal Panel" not in text(page)
    # Nor is it accepted when posted.
    response = officer.post(url("minutes-approve", meeting), {"at_meeting": private.pk})
    assert "Choose one of the later meetings listed." in text(response)
    assert "Scoring of the regeneration bids" not in text(response)
    assert Minutes.objects.get(meeting=meeting).status == MinutesStatus.DRAFT


def test_staff_may_approve_at_the_joint_bodys_private_meeting(client, joint_with_private_body):
    meeting, private, later = joint_with_private_body
    client.force_login(AdminUserFactory())
    page = client.get(url("minutes-edit", meeting))
    assert list(page.context["approve_form"].fields["at_meeting"].queryset) == [private, later]
    client.post(url("minutes-approve", meeting), {"at_meeting": private.pk})
    assert Minutes.objects.get(meeting=meeting).approved_at_meeting == private


def test_an_officer_cannot_put_meetings_on_another_bodys_calendar(officer, body):
    """joint_with offers, and accepts, only the bodies the officer manages: a joint meeting
    appears on every joint body's public calendar."""
    other = BodyFactory(name="Allerdale Partnership")
    add = reverse("meetings:meeting-add", kwargs={"slug": body.slug})
    assert other not in officer.get(add).context["form"].fields["joint_with"].queryset
    response = officer.post(add, {
        "kind": "joint", "title": "Joint meeting on flooding", "starts_at": "2030-03-11T18:00",
        "venue": "Tullie House", "public": "on", "joint_with": [other.pk],
    })
    assert response.status_code == 200 and "joint_with" in response.context["form"].errors
    assert not Meeting.objects.exists()
    calendar = reverse("meetings:body-meetings", kwargs={"slug": other.slug})
    assert "Joint meeting on flooding" not in text(officer.get(calendar))


def test_an_officer_of_two_bodies_holds_a_joint_meeting_of_both(client, body):
    other = BodyFactory(name="Carlisle Community Safety Partnership")
    officer = user_on(body, role="officer")
    MembershipFactory(person=officer.person, body=other, role="officer")
    client.force_login(officer)
    response = client.post(reverse("meetings:meeting-add", kwargs={"slug": body.slug}), {
        "kind": "joint", "starts_at": "2030-03-11T18:00", "public": "on", "joint_with": [other.pk],
    })
    assert response.status_code == 302
    assert list(Meeting.objects.get().joint_with.all()) == [other]


def test_editing_a_joint_meeting_keeps_the_bodies_staff_joined_that_the_officer_may_not_see(officer, body):
    hidden = BodyFactory(name="Secret task group", public=False)
    meeting = services.create_meeting(body, starts_at=at(2030, 1, 1, 18), kind="joint", joint_with=[hidden])
    edit = url("meeting-edit", meeting)
    assert "Secret task group" not in text(officer.get(edit))
    response = officer.post(edit, {"kind": "joint", "starts_at": "2030-01-01T18:00", "venue": "Tullie House",
                                   "status": "scheduled"})
    assert response.status_code == 302
    assert list(meeting.joint_with.all()) == [hidden]


def test_publishing_what_was_published_meanwhile_says_so_whatever_the_form_holds(officer, meeting, held):
    """Found by the form fuzzing: once published, the page has no publish form, so a stale
    submission's form errors ("choose the time") were shown nowhere."""
    services.publish_agenda(meeting)
    response = officer.post(url("agenda-publish", meeting), {"when": "later"}, follow=True)
    assert "The agenda was already published on" in text(response)
    earlier, later = held
    minutes = services.start_minutes(earlier, None)
    services.save_minute_entry(minutes, None, "Text")
    services.approve_minutes(minutes, later)
    services.publish_minutes(minutes)
    response = officer.post(url("minutes-publish", earlier), {"when": "later", "publish_at": "soon"}, follow=True)
    assert "These minutes are already published." in text(response)
