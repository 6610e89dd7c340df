"""`manage.py load_demo`'s meetings (meetings/demo/): a year of the Cumbria bodies' meetings
with minutes in every state, a confidential item, and the Carlisle Executive's attendance rule
(seed 002: "a minimum of two out of every four meetings") flagging seats."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.utils import timezone

from governance.models import MembershipReview, ReviewReason
from meetings import selectors
from meetings.attendance import evaluate_all
from meetings.demo import EXECUTIVE, pdf_bytes
from meetings.models import (
    Action,
    ActionStatus,
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Decision,
    Declaration,
    Guest,
    Meeting,
    MeetingKind,
    MeetingStatus,
    MinuteEntry,
    Minutes,
    MinutesStatus,
    Paper,
    RegisteredInterest,
)
from meetings.policy import meeting_policy
from meetings.services import check_paper_file, paper_is_late
from partnerships.models import Body
from tests.module_data import rolled_back_after_the_module

pytestmark = pytest.mark.django_db

ANONYMOUS = AnonymousUser()


def load_demo():
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo_once(django_db_setup, django_db_blocker):
    """Load the demo once for the module, inside a transaction rolled back at the end (as
    tests/governance/test_load_demo.py does); each test's transaction nests in it."""
    with rolled_back_after_the_module(django_db_blocker):
        yield load_demo()


@pytest.fixture
def demo(demo_once, db):
    return demo_once


def user(username):
    return get_user_model().objects.get(username=username)


def executive():
    return Body.objects.get(name=EXECUTIVE)


def confidential_paper():
    return Paper.objects.select_related("item__meeting__body").get(item__confidential=True)


def test_the_command_reports_the_meetings_it_loaded(demo):
    assert "Demo meetings loaded:" in demo
    assert "3 attendance reviews open" in demo


def test_minutes_exist_in_every_state_and_one_correction_gives_its_reason(demo):
    assert {status for status in Minutes.objects.values_list("status", flat=True)} == set(MinutesStatus.values)
    # The Executive's most recent meeting has draft minutes; the one before is approved at it
    # but not yet published.
    latest, before = Meeting.objects.filter(body=executive(), status=MeetingStatus.HELD).order_by("-starts_at")[:2]
    assert [m.status for m in latest.minutes_versions.all()] == [MinutesStatus.DRAFT]
    (approved,) = before.minutes_versions.all()
    assert approved.status == MinutesStatus.APPROVED and approved.approved_at_meeting == latest
    assert approved.published_at is None

    correction = Minutes.objects.get(supersedes__isnull=False)
    assert correction.version == 2 and correction.status == MinutesStatus.PUBLISHED
    assert correction.supersedes.status == MinutesStatus.PUBLISHED
    assert "extended" in correction.correction_reason
    assert correction.entries.filter(text__contains="14 May 2010").exists()
    assert correction.supersedes.entries.filter(text__contains="30 April 2010").exists()
    # Published after approval, at 2010's dates rather than the day the demo was loaded.
    published = Minutes.objects.filter(status=MinutesStatus.PUBLISHED)
    assert all(m.published_at.year == 2010 and m.published_at.date() > m.approved_on for m in published)


def test_a_confidential_item_of_the_executive_has_a_real_pdf_paper(demo):
    paper = confidential_paper()
    assert paper.item.meeting.body == executive()
    assert "commercially sensitive" in paper.item.title
    with paper.file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
    assert paper.content_type == "application/pdf" and paper.published_at is not None
    # Its minute, decision and action exist, to be hidden from the public.
    assert MinuteEntry.objects.filter(item=paper.item).exists()
    assert Decision.objects.filter(item=paper.item).exists()


def test_some_papers_are_late_but_most_are_on_time(demo):
    held = Paper.objects.filter(item__meeting__status=MeetingStatus.HELD).select_related("item__meeting")
    late = [paper for paper in held if paper_is_late(paper)]
    assert 1 < len(late) < len(held) / 4


def test_the_rule_flags_three_executive_seats_and_opens_their_reviews(demo):
    # Seed 002: partners, or their deputy, must attend at least two of every four meetings.
    verdicts = evaluate_all(body_ids=[executive().pk])
    flagged = {v.membership.person.name: v for v in verdicts if v.flagged}
    assert set(flagged) == {"Ronald Bowman", "Stephen Kirkbride", "Alison Maughan"}
    window = {m.pk for m in flagged["Ronald Bowman"].meetings}
    statuses = lambda name: list(  # noqa: E731
        Attendance.objects.filter(membership=flagged[name].membership, meeting__in=window).values_list("status", flat=True)
    )
    assert statuses("Ronald Bowman") == [AttendanceStatus.APOLOGIES] * 4  # only ever sends apologies
    assert AttendanceStatus.DEPUTY in statuses("Stephen Kirkbride")  # his deputy came, but not enough
    assert flagged["Stephen Kirkbride"].attended == 1

    reviews = MembershipReview.objects.filter(reason=ReviewReason.ATTENDANCE, closed_at__isnull=True)
    assert set(reviews.values_list("membership__person__name", flat=True)) == set(flagged)
    # No other body's seat falls below the rule: the story is the Executive's.
    assert not [v for v in evaluate_all() if v.flagged and v.membership.body_id != executive().pk]


def test_every_held_meeting_has_its_register_with_deputies_and_a_guest(demo):
    held = Meeting.objects.filter(status=MeetingStatus.HELD)
    assert held.count() >= 20
    assert not held.filter(attendances__isnull=True).exists()
    deputies = Attendance.objects.filter(status=AttendanceStatus.DEPUTY).select_related("membership")
    assert sum(not a.deputy_is_designated for a in deputies) == 1  # once, someone else stood in
    assert sum(a.deputy_is_designated for a in deputies) > 5
    assert Guest.objects.exists()
    assert Declaration.objects.filter(interest__isnull=False, left_the_room=True).exists()
    assert RegisteredInterest.objects.count() == 2


def test_the_forum_has_its_events_and_two_partnerships_meet_jointly(demo):
    kinds = set(Meeting.objects.filter(body__name="Cumbria Strategic Partnership Forum").values_list("kind", flat=True))
    assert {MeetingKind.BUSINESS, MeetingKind.DEEP_DIVE, MeetingKind.FOCUS_ON} <= kinds
    joint = Meeting.objects.get(kind=MeetingKind.JOINT)
    assert joint.joint_with.count() == 1
    # The guest partnership's minutes were approved at the joint meeting.
    assert Minutes.objects.filter(approved_at_meeting=joint).exclude(meeting__body=joint.body).exists()


def test_actions_are_done_open_and_overdue(demo):
    today = timezone.localdate()
    assert Action.objects.filter(status=ActionStatus.DONE).exists()
    assert Action.objects.filter(status=ActionStatus.OPEN, due__lt=today).exists()
    assert Action.objects.filter(status=ActionStatus.OPEN, due__isnull=True).exists()


def test_the_public_sees_neither_unpublished_minutes_nor_the_confidential_paper(demo):
    unpublished = Minutes.objects.exclude(status=MinutesStatus.PUBLISHED)
    assert unpublished.exists()
    assert not meeting_policy.visible_minutes(ANONYMOUS, unpublished).exists()
    paper = confidential_paper()
    assert not meeting_policy.can_see_paper(ANONYMOUS, paper)
    assert not meeting_policy.visible_items(ANONYMOUS, paper.item.meeting).filter(confidential=True).exists()
    # ... while its neighbours on the agenda are public.
    assert meeting_policy.visible_items(ANONYMOUS, paper.item.meeting).exists()


def test_the_member_login_sees_draft_minutes_the_confidential_paper_and_an_open_action(demo):
    member = user("member@example.org")
    paper = confidential_paper()
    assert meeting_policy.can_see_paper(member, paper)
    draft = Minutes.objects.get(meeting__body=executive(), status=MinutesStatus.DRAFT)
    assert meeting_policy.visible_minutes(member, Minutes.objects.filter(pk=draft.pk)).exists()
    statuses = {m.status for m in selectors.my_minutes_to_read(member)}
    assert {MinutesStatus.DRAFT, MinutesStatus.APPROVED} <= statuses
    assert Action.objects.filter(owner__user=member, status=ActionStatus.OPEN).exists()
    assert selectors.my_upcoming_meetings(member)


def test_the_officer_login_records_the_executives_attendance(demo):
    officer = user("officer@example.org")
    meeting = Meeting.objects.filter(body=executive()).first()
    assert meeting_policy.can_manage(officer, meeting)
    assert not meeting_policy.can_manage(user("member@example.org"), meeting)


def test_upcoming_meetings_are_on_the_public_calendar_some_with_agendas(demo):
    upcoming = list(selectors.upcoming_meetings(ANONYMOUS))
    assert len(upcoming) >= 4
    assert all(m.status == MeetingStatus.SCHEDULED for m in upcoming)
    assert any(m.agenda_is_published for m in upcoming)
    draft = Meeting.objects.filter(
        status=MeetingStatus.SCHEDULED, agenda_published_at__isnull=True, agenda_publish_at__isnull=True,
        items__isnull=False,
    ).distinct()
    assert draft.exists()  # a draft agenda: the Executive's members see it, the public does not
    assert not meeting_policy.visible_items(ANONYMOUS, draft.first()).exists()


def test_demo_papers_pass_the_upload_checks():
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = pdf_bytes("A title (with brackets) – and a dash", ["A line of text. " * 12])
    assert data.startswith(b"%PDF-1.4") and data.rstrip().endswith(b"%%EOF")
    offset = int(data.rsplit(b"startxref\n", 1)[1].split()[0])
    assert data[offset:].startswith(b"xref")
    assert check_paper_file(SimpleUploadedFile("paper.pdf", data)).extension == "pdf"


def test_search_finds_the_forums_housing_event_by_its_title(demo, client):
    # Issue 11: "housing" found nothing although the Forum's Focus On event is about it.
    response = client.get("/minutes/search/", {"q": "housing"})
    results = list(response.context["page"])
    event = Meeting.objects.get(title="Focus On: affordable rural housing")
    assert ("meeting", event.pk) in {(r["kind"], r["meeting_pk"]) for r in results}
    assert "Focus On: affordable rural <mark>housing</mark>" in response.content.decode()


def test_running_load_demo_twice_changes_no_counts(demo):
    models = [Meeting, AgendaItem, Paper, Attendance, Guest, Minutes, MinuteEntry, Decision, Action,
              Declaration, RegisteredInterest, MembershipReview]

    def snapshot():
        return {
            **{model.__name__: model.objects.count() for model in models},
            "files": sorted(Paper.objects.values_list("file", flat=True)),
            "minutes": list(Minutes.objects.order_by("pk").values_list("pk", "status", "published_at")),
            "agendas": list(Meeting.objects.order_by("pk").values_list("pk", "status", "agenda_published_at")),
        }

    first = snapshot()
    output = load_demo()
    assert snapshot() == first
    assert "Demo meetings already loaded:" in output
