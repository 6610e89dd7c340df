"""The meeting cycle's rules (meetings/services/): meetings, agendas, publication and papers
late, the minutes workflow with its locked text and corrections, declarations, quorum, and
scheduled publication."""

import datetime
import time

import pytest
from celery.signals import task_postrun
from django.conf import settings as django_settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.utils import timezone

from meetings import selectors, services
from meetings.models import (
    Action,
    ActionStatus,
    Attendance,
    AttendanceStatus,
    Meeting,
    MeetingKind,
    MeetingStatus,
    MinutesStatus,
    Paper,
    Purpose,
    QuorumRule,
)
from meetings.tasks import publish_scheduled
from tests.factories import BodyFactory, MembershipFactory, PersonFactory, StaffUserFactory
from tests.meetings.factories import at, pdf_upload

pytestmark = pytest.mark.django_db
HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def clerk():
    return StaffUserFactory()


def meeting_of(body, starts_at, **fields):
    return services.create_meeting(body, starts_at=starts_at, ends_at=starts_at + 2 * HOUR, **fields)


def agenda(meeting, *titles):
    return [services.add_agenda_item(meeting, title) for title in titles]


# --- Meetings --------------------------------------------------------------------------


def test_a_meeting_is_created_with_its_details_and_joint_bodies(body):
    neighbour = BodyFactory(name="Allerdale Partnership")
    meeting = services.create_meeting(
        body, starts_at=at(2009, 11, 5), ends_at=at(2009, 11, 5, 20), venue="Civic Centre",
        kind=MeetingKind.JOINT, public=False, joint_with=[neighbour],
    )
    meeting.refresh_from_db()
    assert (meeting.kind, meeting.public, meeting.venue) == (MeetingKind.JOINT, False, "Civic Centre")
    assert list(meeting.joint_with.all()) == [neighbour]
    assert meeting.status == MeetingStatus.SCHEDULED


@pytest.mark.parametrize("ends_at", [at(2009, 11, 5, 17), at(2009, 11, 5, 18)])
def test_a_meeting_ending_before_it_starts_is_refused_on_the_end_field(body, ends_at):
    with pytest.raises(ValidationError) as error:
        services.create_meeting(body, starts_at=at(2009, 11, 5, 18), ends_at=ends_at)
    assert "must end after it starts" in error.value.message_dict["ends_at"][0]
    assert not Meeting.objects.exists()


def test_editing_a_meeting_to_end_before_it_starts_keeps_the_saved_times(body):
    meeting = meeting_of(body, at(2009, 11, 5))
    with pytest.raises(ValidationError) as error:
        services.update_meeting(meeting, ends_at=at(2009, 11, 5, 9))
    assert "ends_at" in error.value.message_dict
    meeting.refresh_from_db()
    assert meeting.ends_at == at(2009, 11, 5, 20)


def test_a_joint_meeting_names_the_other_bodies_and_not_its_own(body):
    with pytest.raises(ValidationError) as error:
        services.create_meeting(body, starts_at=at(2009, 11, 5), kind=MeetingKind.JOINT)
    assert "Choose the bodies" in error.value.message_dict["joint_with"][0]
    with pytest.raises(ValidationError):
        services.create_meeting(body, starts_at=at(2009, 11, 5), joint_with=[body])


def test_a_meeting_is_held_once_it_has_started_and_a_held_one_is_not_cancelled(body):
    future = meeting_of(body, timezone.now() + 3 * DAY)
    with pytest.raises(ValidationError, match="not started yet"):
        services.mark_meeting_held(future)
    services.cancel_meeting(future)
    assert Meeting.objects.get(pk=future.pk).status == MeetingStatus.CANCELLED

    past = meeting_of(body, at(2009, 11, 5))
    services.mark_meeting_held(past)
    with pytest.raises(ValidationError, match="was held"):
        services.cancel_meeting(past)
    assert Meeting.objects.get(pk=past.pk).status == MeetingStatus.HELD


# --- Agenda ----------------------------------------------------------------------------


def positions(meeting):
    return list(meeting.items.order_by("position").values_list("title", "position"))


def test_items_are_numbered_in_order_and_moves_keep_the_numbering_contiguous(body):
    meeting = meeting_of(body, at(2009, 11, 5))
    first, second, third = agenda(meeting, "Apologies", "Minutes", "Community Strategy")
    assert positions(meeting) == [("Apologies", 1), ("Minutes", 2), ("Community Strategy", 3)]

    services.move_agenda_item(third, "up")
    assert positions(meeting) == [("Apologies", 1), ("Community Strategy", 2), ("Minutes", 3)]
    services.move_agenda_item(first, "up")  # already first: stays
    services.move_agenda_item(second, "down")  # already last: stays
    assert positions(meeting) == [("Apologies", 1), ("Community Strategy", 2), ("Minutes", 3)]

    services.reorder_agenda(meeting, [second.pk, first.pk, third.pk])
    assert positions(meeting) == [("Minutes", 1), ("Apologies", 2), ("Community Strategy", 3)]
    with pytest.raises(ValidationError, match="agenda changed"):
        services.reorder_agenda(meeting, [second.pk, first.pk])


def test_removing_an_item_renumbers_the_rest_and_deletes_its_papers_files(body, media, django_capture_on_commit_callbacks):
    meeting = meeting_of(body, at(2009, 11, 5))
    first, second, third = agenda(meeting, "Apologies", "Funding bids", "Any other business")
    paper = services.upload_paper(second, pdf_upload("bids.pdf"), "Bids")
    stored = media / "papers" / paper.file.name
    assert stored.exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_agenda_item(second)
    assert positions(meeting) == [("Apologies", 1), ("Any other business", 2)]
    assert not Paper.objects.exists()
    assert not stored.exists()


def test_an_item_with_minutes_recorded_against_it_stays_on_the_agenda(body, clerk):
    meeting = meeting_of(body, at(2009, 11, 5))
    (item,) = agenda(meeting, "Funding bids")
    minutes = services.start_minutes(meeting, clerk)
    services.save_minute_entry(minutes, item, "Eleven bids were received.")
    with pytest.raises(ValidationError, match="stays on the agenda"):
        services.remove_agenda_item(item)
    assert positions(meeting) == [("Funding bids", 1)]


def test_an_item_keeps_its_purpose_presenter_and_confidential_flag(body):
    meeting = meeting_of(body, at(2009, 11, 5))
    item = services.add_agenda_item(
        meeting, "Staffing", purpose=Purpose.DECISION, presenter="Chief Executive", confidential=True
    )
    services.update_agenda_item(item, title="Staffing review")
    item.refresh_from_db()
    assert (item.title, item.purpose, item.presenter, item.confidential) == (
        "Staffing review", Purpose.DECISION, "Chief Executive", True,
    )
    with pytest.raises(ValidationError):
        services.update_agenda_item(item, title="")


# --- Publication and papers late -------------------------------------------------------


def test_publishing_the_agenda_publishes_its_papers(body):
    meeting = meeting_of(body, timezone.now() + 10 * DAY)
    (item,) = agenda(meeting, "Community Strategy")
    paper = services.upload_paper(item, pdf_upload(), "Consultation results")
    assert paper.published_at is None
    services.publish_agenda(meeting)
    paper.refresh_from_db()
    assert meeting.agenda_is_published
    assert paper.published_at == meeting.agenda_published_at
    assert not services.paper_is_late(paper)


def test_a_paper_added_after_publication_is_published_at_once_and_late_within_the_due_days(body):
    meeting = meeting_of(body, timezone.now() + 2 * DAY)
    (item,) = agenda(meeting, "Community Strategy")
    services.publish_agenda(meeting)
    paper = services.upload_paper(item, pdf_upload(), "Tabled paper")
    assert paper.published_at is not None
    assert services.paper_is_late(paper)


def test_papers_are_late_when_published_under_the_configured_days_before_the_meeting(body, settings):
    meeting = meeting_of(body, at(2009, 11, 10))
    (item,) = agenda(meeting, "Community Strategy")
    paper = services.upload_paper(item, pdf_upload(), "Report")
    due = at(2009, 11, 5)  # five days before 18:00 on the 10th
    assert services.papers_due_by(meeting) == due
    paper.published_at = due
    assert not services.paper_is_late(paper)
    paper.published_at = due + datetime.timedelta(seconds=1)
    assert services.paper_is_late(paper)
    settings.PAPERS_DUE_DAYS = 3
    assert not services.paper_is_late(paper)
    paper.published_at = None
    assert not services.paper_is_late(paper)


def test_papers_due_days_default_to_the_uk_five_clear_days():
    assert django_settings.PAPERS_DUE_DAYS == 5


def test_a_cancelled_meetings_agenda_is_not_published(body):
    meeting = meeting_of(body, timezone.now() + 10 * DAY)
    agenda(meeting, "Community Strategy")
    services.cancel_meeting(meeting)
    with pytest.raises(ValidationError, match="cancelled"):
        services.publish_agenda(meeting)
    assert Meeting.objects.get(pk=meeting.pk).agenda_published_at is None


def test_an_agenda_is_published_once(body):
    meeting = meeting_of(body, timezone.now() + 10 * DAY)
    agenda(meeting, "Community Strategy")
    services.publish_agenda(meeting)
    with pytest.raises(ValidationError, match="already published"):
        services.publish_agenda(meeting)


def test_a_scheduled_agenda_is_published_by_publish_due_once(body):
    now = timezone.now()
    meeting = meeting_of(body, now + 10 * DAY)
    (item,) = agenda(meeting, "Community Strategy")
    paper = services.upload_paper(item, pdf_upload(), "Report")
    services.publish_agenda(meeting, at=now + DAY)
    meeting.refresh_from_db()
    assert meeting.agenda_publish_at == now + DAY and not meeting.agenda_is_published

    assert services.publish_due(now=now + HOUR) == {"agendas": 0, "minutes": 0}
    assert services.publish_due(now=now + DAY + HOUR) == {"agendas": 1, "minutes": 0}
    meeting.refresh_from_db()
    paper.refresh_from_db()
    assert meeting.agenda_published_at == now + DAY + HOUR
    assert meeting.agenda_publish_at is None
    assert paper.published_at == now + DAY + HOUR
    assert services.publish_due(now=now + 2 * DAY) == {"agendas": 0, "minutes": 0}
    paper.refresh_from_db()
    assert paper.published_at == now + DAY + HOUR


def test_a_cancelled_meetings_scheduled_agenda_is_not_published(body):
    now = timezone.now()
    meeting = meeting_of(body, now + 10 * DAY)
    agenda(meeting, "Community Strategy")
    services.publish_agenda(meeting, at=now + DAY)
    services.cancel_meeting(meeting)
    assert services.publish_due(now=now + 2 * DAY) == {"agendas": 0, "minutes": 0}


def test_the_celery_task_publishes_what_is_due_and_runs_every_five_minutes(body):
    meeting = meeting_of(body, timezone.now() + 10 * DAY)
    agenda(meeting, "Community Strategy")
    Meeting.objects.filter(pk=meeting.pk).update(agenda_publish_at=timezone.now() - HOUR)
    assert publish_scheduled.apply().get() == {"agendas": 1, "minutes": 0}
    assert Meeting.objects.get(pk=meeting.pk).agenda_is_published
    assert publish_scheduled.acks_late
    beat = [entry for entry in django_settings.CELERY_BEAT_SCHEDULE.values() if entry["task"] == "meetings.tasks.publish_scheduled"]
    assert len(beat) == 1 and beat[0]["schedule"].minute == set(range(0, 60, 5))


@pytest.mark.django_db(transaction=True)
def test_scheduled_publication_on_a_real_worker_publishes_once(redis_worker):
    finished = []

    def count(sender=None, state=None, **kwargs):
        if sender is not None and sender.name == publish_scheduled.name:
            finished.append(state)

    task_postrun.connect(count, weak=False)
    try:
        meeting = meeting_of(BodyFactory(), timezone.now() + 10 * DAY)
        agenda(meeting, "Community Strategy")
        Meeting.objects.filter(pk=meeting.pk).update(agenda_publish_at=timezone.now() - HOUR)
        publish_scheduled.delay()
        publish_scheduled.delay()  # a second beat (or a redelivery) before anything changed
        deadline = time.monotonic() + 20
        while len(finished) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        task_postrun.disconnect(count)
    assert finished == ["SUCCESS", "SUCCESS"]
    meeting.refresh_from_db()
    assert meeting.agenda_is_published and meeting.agenda_publish_at is None


# --- Minutes ---------------------------------------------------------------------------


@pytest.fixture
def held(body):
    """A held meeting with two items, a later held meeting of the same body, and a clerk."""
    meeting = meeting_of(body, at(2009, 11, 5), status=MeetingStatus.HELD)
    items = agenda(meeting, "Community Strategy", "Funding bids")
    later = meeting_of(body, at(2010, 1, 14), status=MeetingStatus.HELD)
    return meeting, items, later


def drafted(meeting, items, clerk):
    minutes = services.start_minutes(meeting, clerk)
    services.save_minute_entry(minutes, items[0], "The strategy was discussed.")
    services.add_decision(minutes, items[0], "Endorsed the five themes.")
    return minutes


def test_minutes_start_as_one_draft_whose_entries_can_change(held, clerk):
    meeting, items, _later = held
    minutes = services.start_minutes(meeting, clerk)
    assert (minutes.version, minutes.status, minutes.created_by) == (1, MinutesStatus.DRAFT, clerk)
    with pytest.raises(ValidationError, match="already open"):
        services.start_minutes(meeting, clerk)

    services.save_minute_entry(minutes, items[0], "First text.")
    services.save_minute_entry(minutes, items[0], "Second text.")
    services.save_minute_entry(minutes, None, "Any other business: none.")
    assert sorted(minutes.entries.values_list("item_id", "text"), key=str) == sorted(
        [(items[0].pk, "Second text."), (None, "Any other business: none.")], key=str
    )
    services.save_minute_entry(minutes, None, "  ")
    assert minutes.entries.count() == 1


def test_an_entry_is_for_an_item_of_the_same_meeting(held, clerk, body):
    meeting, _items, later = held
    minutes = services.start_minutes(meeting, clerk)
    other_item = services.add_agenda_item(later, "Elsewhere")
    with pytest.raises(ValidationError):
        services.save_minute_entry(minutes, other_item, "Text")
    with pytest.raises(ValidationError):
        services.add_decision(minutes, other_item, "Decision")


def test_minutes_are_approved_at_a_later_meeting_of_the_body_whose_date_has_come(held, clerk, body):
    meeting, items, later = held
    minutes = drafted(meeting, items, clerk)
    earlier = meeting_of(body, at(2009, 9, 3), status=MeetingStatus.HELD)
    future = meeting_of(body, timezone.now() + 20 * DAY)
    elsewhere = meeting_of(BodyFactory(), at(2010, 1, 20), status=MeetingStatus.HELD)
    for wrong in (earlier, future, elsewhere, meeting):
        with pytest.raises(ValidationError) as error:
            services.approve_minutes(minutes, wrong)
        assert "later meeting" in error.value.message_dict["at_meeting"][0]
    assert list(services.approval_meetings(minutes)) == [later]

    services.approve_minutes(minutes, later)
    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.APPROVED
    assert minutes.approved_at_meeting == later
    assert minutes.approved_on == datetime.date(2010, 1, 14)


def test_minutes_may_be_approved_at_a_joint_meeting_including_the_body(held, clerk, body):
    meeting, items, _later = held
    minutes = drafted(meeting, items, clerk)
    neighbour = BodyFactory(name="Allerdale Partnership")
    joint = services.create_meeting(
        neighbour, starts_at=at(2009, 12, 3), kind=MeetingKind.JOINT, joint_with=[body], status=MeetingStatus.HELD
    )
    services.approve_minutes(minutes, joint)
    assert minutes.approved_at_meeting == joint


def test_approved_text_is_immutable_through_every_service(held, clerk):
    meeting, items, later = held
    minutes = drafted(meeting, items, clerk)
    services.approve_minutes(minutes, later)
    decision = minutes.decisions.get()
    attempts = [
        lambda: services.save_minute_entry(minutes, items[0], "Rewritten."),
        lambda: services.save_minutes_text(minutes, {items[0]: "Rewritten."}),
        lambda: services.save_minute_entry(minutes, items[1], "Added later."),
        lambda: services.add_decision(minutes, items[0], "Another decision."),
        lambda: services.remove_decision(decision),
        lambda: services.add_action(minutes, items[0], "An action."),
        lambda: services.record_quorum(minutes),
        lambda: services.approve_minutes(minutes, later),
        lambda: services.declare_interest(items[0], PersonFactory(), "pecuniary", "Shares"),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError):
            attempt()
    assert list(minutes.entries.values_list("text", flat=True)) == ["The strategy was discussed."]
    assert list(minutes.decisions.values_list("text", flat=True)) == ["Endorsed the five themes."]


def test_actions_are_recorded_with_the_draft_and_progress_is_updated_after_approval(held, clerk):
    meeting, items, later = held
    minutes = drafted(meeting, items, clerk)
    owner = PersonFactory(name="Laura Bell")
    with pytest.raises(ValidationError) as error:
        services.add_action(minutes, items[0], "Circulate the report", owner=owner, due=datetime.date(2009, 11, 1))
    assert "due" in error.value.message_dict
    action = services.add_action(minutes, items[0], "Circulate the report", owner=owner, due=datetime.date(2009, 12, 1))
    assert (action.meeting, action.item, action.owner, action.status) == (meeting, items[0], owner, ActionStatus.OPEN)
    services.approve_minutes(minutes, later)

    services.update_action_status(action, ActionStatus.DONE)
    assert Action.objects.get(pk=action.pk).status == ActionStatus.DONE
    with pytest.raises(ValidationError):
        services.update_action_status(action, "finished")
    with pytest.raises(ValidationError):
        services.remove_action(action)


def test_minutes_are_published_only_once_approved_now_or_on_schedule(held, clerk):
    meeting, items, later = held
    minutes = drafted(meeting, items, clerk)
    with pytest.raises(ValidationError, match="draft"):
        services.publish_minutes(minutes)
    services.approve_minutes(minutes, later)

    now = timezone.now()
    services.publish_minutes(minutes, at=now + DAY)
    assert (minutes.status, minutes.publish_at) == (MinutesStatus.APPROVED, now + DAY)
    assert services.publish_due(now=now + HOUR) == {"agendas": 0, "minutes": 0}
    assert services.publish_due(now=now + DAY) == {"agendas": 0, "minutes": 1}
    assert services.publish_due(now=now + 2 * DAY) == {"agendas": 0, "minutes": 0}
    minutes.refresh_from_db()
    assert (minutes.status, minutes.published_at, minutes.publish_at) == (MinutesStatus.PUBLISHED, now + DAY, None)
    with pytest.raises(ValidationError, match="already published"):
        services.publish_minutes(minutes)


def test_a_correction_is_a_new_draft_version_with_its_reason_and_the_old_text_stays(held, clerk):
    meeting, items, later = held
    v1 = drafted(meeting, items, clerk)
    services.approve_minutes(v1, later)
    services.publish_minutes(v1)
    with pytest.raises(ValidationError) as error:
        services.correct_minutes(v1, "  ", clerk)
    assert "reason" in error.value.message_dict

    v2 = services.correct_minutes(v1, "Item 1: the decision recorded the wrong number of themes.", clerk)
    assert (v2.version, v2.status, v2.supersedes, v2.created_by) == (2, MinutesStatus.DRAFT, v1, clerk)
    assert list(v2.entries.values_list("item_id", "text")) == [(items[0].pk, "The strategy was discussed.")]
    assert list(v2.decisions.values_list("text", flat=True)) == ["Endorsed the five themes."]
    with pytest.raises(ValidationError, match="newer"):
        services.correct_minutes(v1, "Another reason", clerk)

    services.save_minute_entry(v2, items[0], "The strategy was discussed at length.")
    v1.refresh_from_db()
    assert v1.status == MinutesStatus.PUBLISHED
    assert v1.entries.get().text == "The strategy was discussed."

    # Until the correction is approved and published, the public reads version 1; then version 2.
    public = AnonymousUser()
    assert selectors.minutes_for_meeting(public, meeting).minutes == v1
    even_later = meeting_of(meeting.body, at(2010, 3, 11), status=MeetingStatus.HELD)
    services.approve_minutes(v2, even_later)
    assert selectors.minutes_for_meeting(public, meeting).minutes == v1
    services.publish_minutes(v2)
    assert selectors.minutes_for_meeting(public, meeting).minutes == v2


def test_a_draft_is_changed_rather_than_corrected(held, clerk):
    meeting, items, _later = held
    minutes = drafted(meeting, items, clerk)
    with pytest.raises(ValidationError, match="draft"):
        services.correct_minutes(minutes, "Reason", clerk)


def test_the_minutes_record_the_quorum_from_the_attendance(held, clerk, body):
    meeting, items, _later = held
    QuorumRule.objects.create(body=body, fraction="0.5", minimum=0)
    seats = [MembershipFactory(body=body) for _ in range(4)]
    minutes = drafted(meeting, items, clerk)
    Attendance.objects.create(meeting=meeting, membership=seats[0], status=AttendanceStatus.PRESENT)
    status = services.record_quorum(minutes)
    assert (status.required, status.counted, status.quorate) == (2, 1, False)
    assert minutes.quorate is False
    Attendance.objects.create(meeting=meeting, membership=seats[1], status=AttendanceStatus.PRESENT)
    services.record_quorum(minutes)
    minutes.refresh_from_db()
    assert minutes.quorate is True


def test_minutes_of_a_cancelled_meeting_are_not_started(body, clerk):
    meeting = meeting_of(body, timezone.now() + 3 * DAY)
    services.cancel_meeting(meeting)
    with pytest.raises(ValidationError, match="cancelled"):
        services.start_minutes(meeting, clerk)


# --- Declarations of interest ----------------------------------------------------------


def test_a_declaration_is_made_against_an_item_from_the_register(held, clerk):
    meeting, items, _later = held
    person = PersonFactory(name="Alan Kirkpatrick")
    interest = services.register_interest(
        person, category="membership", description="Trustee of Cumbria CVS", registered_on=datetime.date(2008, 4, 1)
    )
    declaration = services.declare_interest(items[1], person, "pecuniary", "", interest=interest, left_the_room=True)
    assert (declaration.description, declaration.left_the_room) == ("Trustee of Cumbria CVS", True)

    with pytest.raises(ValidationError) as error:
        services.declare_interest(items[1], PersonFactory(), "pecuniary", "", interest=interest)
    assert "interest" in error.value.message_dict
    services.end_interest(interest, on=datetime.date(2009, 6, 30))
    with pytest.raises(ValidationError, match="not on the register"):
        services.declare_interest(items[1], person, "pecuniary", "", interest=interest)
    with pytest.raises(ValidationError):
        services.declare_interest(items[1], person, "pecuniary", "")  # nothing declared


def test_declarations_are_shown_in_the_minutes_under_their_item(held, clerk):
    meeting, items, _later = held
    minutes = drafted(meeting, items, clerk)
    services.save_minute_entry(minutes, items[1], "Bids were appraised.")
    person = PersonFactory(name="Alan Kirkpatrick")
    services.declare_interest(items[1], person, "non_pecuniary", "Member of a bidding group")
    staff = StaffUserFactory()
    reading = selectors.minutes_for_meeting(staff, meeting)
    record = next(r for r in reading.records if r.item == items[1])
    assert [d.person for d in record.declarations] == [person]
