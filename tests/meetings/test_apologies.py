"""A member's own part in the meeting cycle (views/member.py and the member section of
services/members.py): apologies or a deputy for a coming meeting, seen by the clerk on the register,
withdrawn before the meeting; marking their own actions done; "Overdue" on late actions."""

import datetime
import html
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from meetings import services
from meetings.models import Action, Attendance, AttendanceStatus, Meeting
from tests.factories import BodyFactory, MembershipFactory, PersonFactory, UserFactory
from tests.meetings.factories import ActionFactory, AttendanceFactory, HeldMeetingFactory, MeetingFactory, minutes_with

pytestmark = pytest.mark.django_db
MY_MEETINGS = "/accounts/meetings/"


def text(response):
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


@pytest.fixture
def seat():
    body = BodyFactory(name="Carlisle Partnership Executive")
    deputy = PersonFactory(name="Dee Deputy")
    return MembershipFactory(
        person=PersonFactory(user=UserFactory(), name="Mary Member"), body=body, designated_deputy=deputy,
    )


@pytest.fixture
def coming(seat):
    return MeetingFactory(body=seat.body, starts_at=timezone.now() + datetime.timedelta(days=14), title="Spring Executive")


def apologies_url(meeting, *rest):
    return reverse("meetings:apologies" + "".join(rest), kwargs={"pk": meeting.pk})


def sent(meeting, seat):
    return Attendance.objects.filter(meeting=meeting, membership=seat).values_list("status", "deputy__name", "note").first()


def test_a_member_sends_apologies_from_my_meetings_and_the_clerk_sees_them_on_the_register(client, seat, coming):
    client.force_login(seat.person.user)
    page = client.get(MY_MEETINGS).content.decode()
    assert f'action="{apologies_url(coming)}"' in page and "Send my deputy, Dee Deputy" in page

    response = client.post(apologies_url(coming), {"sending": "apologies"})
    assert response.status_code == 302 and response["Location"] == f"{MY_MEETINGS}#meeting-{coming.pk}"
    assert sent(coming, seat) == ("apologies", None, "")
    assert "Apologies sent" in text(client.get(MY_MEETINGS))

    officer = UserFactory()
    MembershipFactory(person=PersonFactory(user=officer), body=seat.body, role="officer", organisation=None)
    client.force_login(officer)
    register = client.get(reverse("meetings:attendance", kwargs={"pk": coming.pk})).content.decode()
    checked = re.findall(r'<input[^>]*value="(\w+)"[^>]*checked', register)
    assert checked == ["apologies"]
    assert coming.status == "scheduled"  # apologies in advance do not make the meeting held


def test_the_deputy_defaults_to_the_designated_one_and_another_can_be_named(client, seat, coming):
    client.force_login(seat.person.user)
    form = client.get(apologies_url(coming)).context["form"]
    assert form["deputy"].value() == seat.designated_deputy_id
    colleague = MembershipFactory(body=BodyFactory(), organisation=seat.organisation).person  # same organisation
    response = client.post(apologies_url(coming), {"sending": "deputy", "deputy": colleague.pk, "note": "At a conference"})
    assert response.status_code == 302
    assert sent(coming, seat) == ("deputy", colleague.name, "At a conference")


def test_the_meeting_page_leads_its_members_to_the_apologies_form_until_it_starts(client, seat, coming):
    link = f'href="{apologies_url(coming)}"'

    def meeting_page():
        return client.get(coming.get_absolute_url())

    assert link not in meeting_page().content.decode()  # the public
    client.force_login(UserFactory())
    assert link not in meeting_page().content.decode()  # signed in, without a seat on the body
    client.force_login(seat.person.user)
    page = meeting_page()
    assert link in page.content.decode() and "or Dee Deputy attends in your place" in text(page)
    Meeting.objects.filter(pk=coming.pk).update(starts_at=timezone.now() - datetime.timedelta(minutes=5))
    assert link not in meeting_page().content.decode()  # started: the clerk records who came


def test_a_deputy_must_be_named_and_what_was_typed_is_kept(client, seat, coming):
    seat.designated_deputy = None
    seat.save()
    client.force_login(seat.person.user)
    response = client.post(apologies_url(coming), {"sending": "deputy", "deputy": "", "note": "Away that week"})
    assert response.status_code == 200
    page = text(response)
    assert "Choose the deputy who will attend in your place." in page and 'value="Away that week"' in response.content.decode()
    assert sent(coming, seat) is None
    response = client.post(apologies_url(coming), {"sending": "deputy", "deputy": "not-a-person"})
    assert response.status_code == 200 and "Choose your deputy from the list." in text(response)


def test_a_member_withdraws_apologies_before_the_meeting_but_not_after(client, seat, coming):
    client.force_login(seat.person.user)
    client.post(apologies_url(coming), {"sending": "deputy", "deputy": seat.designated_deputy_id})
    assert "Dee Deputy attends in your place" in text(client.get(MY_MEETINGS))
    response = client.post(apologies_url(coming, "-withdraw"))
    assert response.status_code == 302 and sent(coming, seat) is None

    started = MeetingFactory(body=seat.body, starts_at=timezone.now() - datetime.timedelta(minutes=5))
    AttendanceFactory(meeting=started, membership=seat, status=AttendanceStatus.APOLOGIES)
    response = client.post(apologies_url(started, "-withdraw"), follow=True)
    assert "This meeting has started" in text(response)
    assert sent(started, seat) == ("apologies", None, "")
    response = client.post(apologies_url(started), {"sending": "apologies"})
    assert response.status_code == 200 and "This meeting has started" in text(response)


def test_the_clerks_record_is_not_overwritten_and_others_seats_are_out_of_reach(client, seat, coming):
    AttendanceFactory(meeting=coming, membership=seat, status=AttendanceStatus.ABSENT)
    with pytest.raises(ValidationError, match="The clerk has recorded you as absent"):
        services.send_apologies(meeting=coming, membership=seat)
    with pytest.raises(ValidationError, match="You have sent no apologies"):
        services.withdraw_apologies(meeting=coming, membership=seat)
    with pytest.raises(ValidationError, match="your own deputy"):
        services.send_apologies(meeting=MeetingFactory(body=seat.body, starts_at=coming.starts_at), membership=seat,
                                deputy=seat.person)
    # Someone without a seat on the body: the meeting page is public, the apologies page is not theirs.
    stranger = UserFactory()
    PersonFactory(user=stranger)
    client.force_login(stranger)
    assert client.get(apologies_url(coming)).status_code == 404
    assert client.post(apologies_url(coming), {"sending": "apologies"}).status_code == 404


# --- Actions ------------------------------------------------------------------------------


def test_a_member_marks_their_own_action_done_and_open_again(client, seat):
    action = ActionFactory(owner=seat.person, meeting=HeldMeetingFactory(body=seat.body), text="Send the CVS response")
    client.force_login(seat.person.user)
    assert 'action="{}"'.format(reverse("meetings:own-action-status", kwargs={"pk": action.pk})) in client.get(MY_MEETINGS).content.decode()
    url = reverse("meetings:own-action-status", kwargs={"pk": action.pk})
    response = client.post(url, {"status": "done"}, follow=True)
    assert "“Send the CVS response” is done." in text(response)
    assert Action.objects.get(pk=action.pk).status == "done"
    client.post(url, {"status": "open"})
    assert Action.objects.get(pk=action.pk).status == "open"
    response = client.post(url, {"status": "dropped"}, follow=True)
    assert "Mark the action done, or open again." in text(response) and Action.objects.get(pk=action.pk).status == "open"


def test_someone_elses_action_and_a_dropped_one_are_refused(client, seat):
    theirs = ActionFactory(meeting=HeldMeetingFactory(body=seat.body))
    dropped = ActionFactory(owner=seat.person, status="dropped")
    client.force_login(seat.person.user)
    assert client.post(reverse("meetings:own-action-status", kwargs={"pk": theirs.pk}), {"status": "done"}).status_code == 404
    response = client.post(reverse("meetings:own-action-status", kwargs={"pk": dropped.pk}), {"status": "done"}, follow=True)
    assert "The clerk dropped this action" in text(response)
    assert Action.objects.get(pk=theirs.pk).status == "open" and Action.objects.get(pk=dropped.pk).status == "dropped"


def test_an_open_action_past_its_due_date_is_overdue_wherever_it_is_listed(client, seat):
    today = timezone.localdate()
    meeting = HeldMeetingFactory(body=seat.body, starts_at=timezone.now() - datetime.timedelta(days=40))
    minutes_with(meeting)
    late = ActionFactory(meeting=meeting, owner=seat.person, text="Late one", due=today - datetime.timedelta(days=1))
    ActionFactory(meeting=meeting, owner=seat.person, text="Due today", due=today)
    ActionFactory(meeting=meeting, owner=seat.person, text="Done late", due=today - datetime.timedelta(days=9), status="done")
    assert late.is_overdue and [a.text for a in Action.objects.all() if a.is_overdue] == ["Late one"]
    client.force_login(seat.person.user)
    for url in (MY_MEETINGS, reverse("meetings:minutes", kwargs={"pk": meeting.pk})):
        page = text(client.get(url))
        assert page.count("Overdue") == 1, url
        assert re.search(r"Late one .*? Open Overdue", page), url
