"""Membership reviews (governance/reviews/services.py), their staff pages, and `manage.py attendance_review`.

Seed 002: the Carlisle Executive reviews the seat of a partner who, with their deputy, attends
fewer than two of every four meetings; membership reviews are "80% complete"; and there is "no
formal way of knowing why members leave"."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from governance.models import MembershipReview, ReviewOutcome, ReviewReason
from governance.reviews.services import close_review, open_attendance_reviews, open_periodic_review, review_progress
from meetings.attendance import evaluate_all
from tests.factories import BodyFactory, MembershipFactory, PersonFactory, StaffUserFactory
from tests.meetings.factories import AttendanceFactory, HeldMeetingFactory, at

pytestmark = pytest.mark.django_db

D = datetime.date
ON = D(2010, 12, 31)


def hold_meetings(body, count, *, first=None):
    start = first or at(2010, 1, 7)
    existing = body.meetings.count()
    return [
        HeldMeetingFactory(body=body, starts_at=start + datetime.timedelta(days=28 * (existing + i)))
        for i in range(count)
    ]


@pytest.fixture
def executive():
    """Carlisle Partnership Executive: a chair and an officer with emails, a member without one,
    and two partners who stopped coming."""
    body = BodyFactory(name="Carlisle Partnership Executive")
    chair = MembershipFactory(body=body, role="chair", person__name="Frances Waugh", person__email="chair@example.org")
    officer = MembershipFactory(body=body, role="officer", person__name="Laura Bell", person__email="officer@example.org")
    MembershipFactory(body=body, person__name="Moira Scott", person__email="moira@example.org")
    alan = MembershipFactory(body=body, person__name="Alan Tinnion", seat="Leader of Carlisle City Council")
    ron = MembershipFactory(body=body, person__name="Ronald Bowman")
    meetings = hold_meetings(body, 4)
    for meeting in meetings:
        for membership in body.memberships.exclude(pk__in=[alan.pk, ron.pk]):
            AttendanceFactory(meeting=meeting, membership=membership, status="present")
    AttendanceFactory(meeting=meetings[0], membership=alan, status="present")
    return {"body": body, "chair": chair, "officer": officer, "alan": alan, "ron": ron, "meetings": meetings}


def run_review():
    return open_attendance_reviews(evaluate_all(on=ON))


def test_flagged_seats_get_a_review_and_the_chair_and_officer_an_email(executive):
    opened = run_review()
    assert {(r.membership, r.reason, r.attended, r.window) for r in opened} == {
        (executive["alan"], "attendance", 1, 4), (executive["ron"], "attendance", 0, 4),
    }
    assert {r.window_last_meeting for r in opened} == {executive["meetings"][-1]}
    (email,) = mail.outbox
    assert sorted(email.to) == ["chair@example.org", "officer@example.org"]
    assert email.subject == "Attendance review: 2 seats on Carlisle Partnership Executive"
    assert "Alan Tinnion (Leader of Carlisle City Council): attended 1 of the last 4 held meetings" in email.body
    assert "Ronald Bowman: attended 0 of the last 4 held meetings" in email.body
    assert "2 of every 4 held meetings; a deputy's attendance counts" in email.body


def test_running_twice_opens_one_review_and_sends_one_email(executive):
    assert len(run_review()) == 2
    assert run_review() == []
    assert MembershipReview.objects.count() == 2
    assert len(mail.outbox) == 1


def test_an_open_review_is_not_repeated_after_the_next_meeting(executive):
    run_review()
    hold_meetings(executive["body"], 1)
    assert run_review() == []


def test_a_closed_review_is_not_reopened_for_the_same_window_but_a_later_window_is_reviewed(executive):
    first = {r.membership: r for r in run_review()}
    close_review(first[executive["alan"]], outcome=ReviewOutcome.SEAT_KEPT, notes="Promised to attend")
    assert run_review() == []  # same window
    hold_meetings(executive["body"], 1)  # Alan still absent
    (again,) = run_review()
    assert again.membership == executive["alan"]
    assert again.window_last_meeting != first[executive["alan"]].window_last_meeting


def test_a_body_without_a_chair_or_officer_email_gets_reviews_but_no_email(executive):
    for key in ("chair", "officer"):
        person = executive[key].person
        person.email = ""
        person.save()
    assert len(run_review()) == 2
    assert mail.outbox == []


def test_a_chair_who_has_left_is_not_emailed(executive):
    executive["chair"].end = D(2010, 1, 1)
    executive["chair"].save()
    run_review()
    assert mail.outbox[0].to == ["officer@example.org"]


def test_each_body_gets_its_own_email(executive):
    other = BodyFactory(name="Housing Group")
    MembershipFactory(body=other, role="chair", person__email="housing@example.org")
    hold_meetings(other, 4)
    run_review()
    assert sorted(m.subject for m in mail.outbox) == [
        "Attendance review: 1 seat on Housing Group", "Attendance review: 2 seats on Carlisle Partnership Executive",
    ]


def test_opening_reviews_costs_a_fixed_number_of_queries(executive, django_assert_num_queries):
    verdicts = evaluate_all(on=ON)
    # A savepoint, the lock on PostgreSQL, what is already reviewed, the new reviews, the
    # savepoint's release; then the chairs' and officers' addresses.
    with django_assert_num_queries(5 + (connection.vendor == "postgresql")):
        open_attendance_reviews(verdicts)


# Closing --------------------------------------------------------------------------------------


@pytest.fixture
def review(executive):
    return MembershipReview.objects.create(membership=executive["alan"], reason=ReviewReason.ATTENDANCE, attended=1, window=4)


@pytest.mark.parametrize("outcome", [o for o in ReviewOutcome.values if o != ReviewOutcome.MEMBER_LEFT])
def test_a_review_is_closed_with_its_outcome(review, outcome):
    user = StaffUserFactory()
    deputy = PersonFactory() if outcome == ReviewOutcome.DEPUTY_CHANGED else None
    closed = close_review(review, outcome=outcome, notes="  Discussed with the chair ", new_deputy=deputy, user=user)
    review.refresh_from_db()
    assert (review.outcome, review.notes, review.closed_by, review.is_open) == (outcome, "Discussed with the chair", user, False)
    assert closed.closed_at is not None


def test_a_member_who_left_needs_the_reason(review):
    with pytest.raises(ValidationError) as error:
        close_review(review, outcome=ReviewOutcome.MEMBER_LEFT, leaving_reason="   ")
    assert error.value.message_dict == {"leaving_reason": ["Say why the member left."]}
    review.refresh_from_db()
    assert review.is_open
    close_review(review, outcome=ReviewOutcome.MEMBER_LEFT, leaving_reason="Changed jobs: the council will nominate")
    review.refresh_from_db()
    assert review.leaving_reason == "Changed jobs: the council will nominate"


def test_a_closed_review_cannot_be_closed_again(review):
    close_review(review, outcome=ReviewOutcome.SEAT_KEPT)
    with pytest.raises(ValidationError, match="already closed"):
        close_review(review, outcome=ReviewOutcome.MEMBER_REPLACED)
    review.refresh_from_db()
    assert review.outcome == ReviewOutcome.SEAT_KEPT


def test_an_unknown_outcome_is_refused(review):
    with pytest.raises(ValidationError) as error:
        close_review(review, outcome="sacked")
    assert error.value.message_dict == {"outcome": ["Choose the outcome of the review."]}


# Periodic reviews and progress ("80% complete") -----------------------------------------------


def test_a_periodic_review_covers_every_current_seat_once(executive):
    MembershipFactory(body=executive["body"], person__name="Old Member", end=D(2009, 12, 31))
    opened = open_periodic_review(executive["body"], StaffUserFactory())
    assert sorted(r.membership.person.name for r in opened) == [
        "Alan Tinnion", "Frances Waugh", "Moira Scott", "Ronald Bowman",
    ]  # seated and current: not the officer, not the member who left
    assert {r.reason for r in opened} == {"periodic"}
    assert open_periodic_review(executive["body"]) == []


def test_progress_is_the_share_of_the_current_round_closed(executive):
    body = executive["body"]
    earlier = MembershipReview.objects.create(membership=executive["alan"], reason=ReviewReason.ATTENDANCE, attended=0, window=4)
    MembershipReview.objects.filter(pk=earlier.pk).update(opened_at=at(2009, 1, 1))  # before the round
    MembershipFactory(body=body, person__name="Tom Shepherd")  # a fifth seat
    reviews = open_periodic_review(body)
    assert len(reviews) == 5
    for review in reviews[:4]:
        close_review(review, outcome=ReviewOutcome.SEAT_KEPT)
    progress = review_progress()[body.pk]
    assert (progress.total, progress.closed, progress.percent, str(progress)) == (5, 4, 80, "80% complete")
    # An attendance review opened during the round joins it.
    MembershipReview.objects.create(membership=executive["ron"], reason=ReviewReason.ATTENDANCE, attended=0, window=4)
    assert str(review_progress()[body.pk]) == "67% complete"


def test_without_a_periodic_round_progress_counts_all_the_bodys_reviews(executive):
    opened = run_review()
    close_review(opened[0], outcome=ReviewOutcome.DEPUTY_CHANGED, new_deputy=PersonFactory())
    assert str(review_progress([executive["body"].pk])[executive["body"].pk]) == "50% complete"


# Staff pages ----------------------------------------------------------------------------------


@pytest.fixture
def staff_client(client):
    client.force_login(StaffUserFactory())
    return client


def test_the_staff_list_groups_open_reviews_by_body_with_progress(staff_client, executive):
    reviews = {r.membership: r for r in run_review()}
    close_review(reviews[executive["ron"]], outcome=ReviewOutcome.MEMBER_LEFT, leaving_reason="Moved away")
    html = staff_client.get(reverse("reviews:reviews")).content.decode()
    assert "Carlisle Partnership Executive" in html and "50% complete" in html
    assert "Alan Tinnion" in html and "Ronald Bowman" not in html  # open ones by default
    html = staff_client.get(reverse("reviews:reviews"), {"state": "closed"}).content.decode()
    assert "Ronald Bowman" in html and "Moved away" in html and "Alan Tinnion" not in html


def test_the_staff_list_filters_by_body_and_reason(staff_client, executive):
    run_review()
    other = MembershipFactory(person__name="Hilda Other", body=BodyFactory(name="Housing Group"))
    MembershipReview.objects.create(membership=other, reason=ReviewReason.PERIODIC)
    html = staff_client.get(reverse("reviews:reviews"), {"body": other.body.slug}).content.decode()
    assert "Hilda Other" in html and "Alan Tinnion" not in html
    html = staff_client.get(reverse("reviews:reviews"), {"reason": "attendance"}).content.decode()
    assert "Hilda Other" not in html and "Alan Tinnion" in html


def _list_queries(client, bodies):
    for _ in range(bodies):
        membership = MembershipFactory(body=BodyFactory(), designated_deputy=PersonFactory())
        MembershipReview.objects.create(membership=membership, reason=ReviewReason.PERIODIC)
        hold_meetings(membership.body, 4)
    run_review()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("reviews:reviews")).status_code == 200
    return len(queries)


def test_the_staff_list_costs_the_same_queries_at_two_sizes(staff_client):
    assert _list_queries(staff_client, 2) == _list_queries(staff_client, 10)


def test_closing_a_review_through_the_page(staff_client, review):
    url = reverse("reviews:review-close", kwargs={"pk": review.pk})
    response = staff_client.post(url, {"outcome": "member_left", "leaving_reason": ""})
    assert response.status_code == 200 and "Say why the member left." in response.content.decode()
    response = staff_client.post(url, {"outcome": "member_left", "leaving_reason": "Retired from the council"})
    assert response.status_code == 302 and response.url == reverse("reviews:reviews")
    review.refresh_from_db()
    assert (review.outcome, review.leaving_reason) == ("member_left", "Retired from the council")
    response = staff_client.post(url, {"outcome": "seat_kept"})
    assert "This review is closed." in response.content.decode()
    review.refresh_from_db()
    assert review.outcome == "member_left"


def test_closing_as_deputy_changed_asks_for_the_new_deputy_and_sets_it(staff_client, review):
    url = reverse("reviews:review-close", kwargs={"pk": review.pk})
    page = staff_client.get(url).content.decode()
    assert "New designated deputy" in page
    response = staff_client.post(url, {"outcome": "deputy_changed"})
    assert "Choose the seat&#x27;s new designated deputy." in response.content.decode()
    review.refresh_from_db()
    assert review.is_open

    deputy = PersonFactory(name="Elsie Martlew")
    response = staff_client.post(url, {"outcome": "deputy_changed", "new_deputy": deputy.pk})
    assert response.status_code == 302
    review.refresh_from_db()
    review.membership.refresh_from_db()
    assert review.outcome == "deputy_changed" and review.membership.designated_deputy == deputy


def test_the_new_deputy_cannot_be_the_member(review):
    with pytest.raises(ValidationError) as error:
        close_review(review, outcome=ReviewOutcome.DEPUTY_CHANGED, new_deputy=review.membership.person)
    assert "own deputy" in " ".join(error.value.message_dict["new_deputy"])
    review.refresh_from_db()
    assert review.is_open


def test_opening_a_periodic_review_through_the_page(staff_client, executive):
    url = reverse("reviews:review-open-periodic")
    response = staff_client.post(url, {"body": executive["body"].slug}, follow=True)
    assert "Opened a periodic review of 4 seats on Carlisle Partnership Executive." in response.content.decode()
    response = staff_client.post(url, {"body": "no-such-body"}, follow=True)
    assert "Choose the body whose membership to review." in response.content.decode()
    assert MembershipReview.objects.count() == 4


# The command ----------------------------------------------------------------------------------


def test_attendance_review_prints_what_it_opened(executive):
    out = StringIO()
    call_command("attendance_review", "--on", "2010-12-31", stdout=out)
    assert out.getvalue().splitlines() == [
        "Carlisle Partnership Executive: Alan Tinnion (Leader of Carlisle City Council) attended 1 of 4",
        "Carlisle Partnership Executive: Ronald Bowman (Member) attended 0 of 4",
        "Opened 2 reviews; 2 of 4 seats below their body's attendance rule.",
    ]
    out = StringIO()
    call_command("attendance_review", "--on", "2010-12-31", stdout=out)
    assert out.getvalue() == "Opened 0 reviews; 2 of 4 seats below their body's attendance rule.\n"


def test_attendance_review_rejects_an_unknown_body_and_a_bad_date(executive):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="unknown body nope"):
        call_command("attendance_review", "--body", "nope")
    with pytest.raises(CommandError, match="is not a date"):
        call_command("attendance_review", "--on", "2010-13-01")


def test_closing_a_review_closed_meanwhile_says_so(staff_client, review):
    """Found by the form fuzzing: closing a review another tab had closed showed the page with
    no form and no word of why nothing happened."""
    url = reverse("reviews:review-close", kwargs={"pk": review.pk})
    close_review(review, outcome=ReviewOutcome.SEAT_KEPT)
    response = staff_client.post(url, {"outcome": "member_replaced"})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode() and "already closed" in response.content.decode()
    review.refresh_from_db()
    assert review.outcome == ReviewOutcome.SEAT_KEPT
