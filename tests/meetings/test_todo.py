"""meetings/todo.py: an officer's to-do list on My account, and who is offered "Schedule a
meeting" (the body page, the body's meetings, the calendar, My meetings)."""

import datetime
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import AttendanceStatus, MinutesStatus
from meetings.todo import officer_todo, schedulable_bodies
from tests.factories import (
    BodyFactory,
    MembershipFactory,
    PersonFactory,
    StaffUserFactory,
    UserFactory,
    make_executive,
)
from tests.meetings.factories import (
    AgendaItemFactory,
    AttendanceFactory,
    HeldMeetingFactory,
    MeetingFactory,
    MinutesFactory,
    PaperFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date


def text(response):
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


def days(n):
    return timezone.now() + datetime.timedelta(days=n)


def officer_of(body, **person):
    user = UserFactory()
    MembershipFactory(person=PersonFactory(user=user, **person), body=body, role="officer", organisation=None)
    return user


@pytest.fixture
def executive_body():
    return BodyFactory(name="Carlisle Partnership Executive")


def cycle(body):
    """One meeting waiting for each kind of work, and one with nothing to do."""
    seat = MembershipFactory(body=body)
    meetings = {
        "attendance": HeldMeetingFactory(body=body, starts_at=days(-30), title="No register"),
        "minutes": HeldMeetingFactory(body=body, starts_at=days(-20), title="No minutes"),
        "publish": HeldMeetingFactory(body=body, starts_at=days(-60), title="Approved minutes"),
        "agendas": MeetingFactory(body=body, starts_at=days(3), title="Agenda not out"),
        "papers": MeetingFactory(body=body, starts_at=days(2), title="Late papers", agenda_published_at=days(-6)),
        "done": HeldMeetingFactory(body=body, starts_at=days(-90), title="All done"),
    }
    for key in ("minutes", "publish", "done"):
        AttendanceFactory(meeting=meetings[key], membership=seat, status=AttendanceStatus.PRESENT)
    MinutesFactory(meeting=meetings["attendance"])
    MinutesFactory(meeting=meetings["publish"], status=MinutesStatus.APPROVED)
    MinutesFactory(meeting=meetings["done"], status=MinutesStatus.PUBLISHED, published_at=days(-80))
    item = AgendaItemFactory(meeting=meetings["papers"], position=1)
    PaperFactory(item=item, published_at=days(-6))  # in time: due five days before
    PaperFactory(item=item, published_at=days(-1))  # late
    return meetings


def test_an_officers_todo_lists_the_work_each_meeting_waits_for_with_where_to_do_it(executive_body):
    meetings = cycle(executive_body)
    cycle(BodyFactory(name="Community Safety Partnership"))  # not theirs
    todo = {t.key: t for t in officer_todo(officer_of(executive_body))}
    assert {key: [m.title for m in t.meetings] for key, t in todo.items()} == {
        "attendance": ["No register"],
        "minutes": ["No minutes"],
        "publish": ["Approved minutes"],
        "agendas": ["Agenda not out"],
        "papers": ["Late papers"],
    }
    urls = {key: t.meetings[0].todo_url for key, t in todo.items()}
    assert urls == {
        "attendance": reverse("meetings:attendance", kwargs={"pk": meetings["attendance"].pk}),
        "minutes": reverse("meetings:minutes-edit", kwargs={"pk": meetings["minutes"].pk}),
        "publish": reverse("meetings:minutes-edit", kwargs={"pk": meetings["publish"].pk}),
        "agendas": reverse("meetings:agenda-edit", kwargs={"pk": meetings["agendas"].pk}),
        "papers": reverse("meetings:agenda-edit", kwargs={"pk": meetings["papers"].pk}),
    }
    assert todo["papers"].meetings[0].late_count == 1


def test_scheduled_publication_and_cancelled_meetings_are_not_waiting(executive_body):
    MeetingFactory(body=executive_body, starts_at=days(3), agenda_publish_at=days(1))
    MeetingFactory(body=executive_body, starts_at=days(-3), status="cancelled")
    held = HeldMeetingFactory(body=executive_body, starts_at=days(-40))
    AttendanceFactory(meeting=held, membership=MembershipFactory(body=executive_body), status=AttendanceStatus.PRESENT)
    MinutesFactory(meeting=held, status=MinutesStatus.APPROVED, publish_at=days(2))
    assert officer_todo(officer_of(executive_body)) == []


def test_members_have_no_todo_and_staff_see_every_bodys(executive_body):
    cycle(executive_body)
    member = UserFactory()
    MembershipFactory(person=PersonFactory(user=member), body=executive_body)
    assert officer_todo(member) == []
    assert len(officer_todo(StaffUserFactory())) == 5


def test_the_todo_costs_the_same_queries_at_two_sizes(executive_body, django_assert_num_queries):
    officer = officer_of(executive_body)
    officer_todo(officer)  # warm the content types
    for bodies, added in ((11, 11), (40, 29)):
        for n in range(added):
            body = BodyFactory(name=f"Body {bodies}-{n}")
            MembershipFactory(person=officer.person, body=body, role="officer", organisation=None)
            cycle(body)
        # managed bodies; each of the five lists' page and, the page being full, its count
        with django_assert_num_queries(1 + 5 * 2):
            todo = officer_todo(officer)
        assert [t.total for t in todo] == [bodies] * 5 and all(len(t.meetings) == 10 for t in todo)


def test_a_long_list_shows_ten_and_says_how_many_more(executive_body):
    for n in range(12):
        HeldMeetingFactory(body=executive_body, starts_at=days(-10 - n))
    todo = {t.key: t for t in officer_todo(officer_of(executive_body))}
    assert len(todo["attendance"].meetings) == 10 and todo["attendance"].total == 12 and todo["attendance"].more == 2


def test_my_account_shows_the_officer_their_todo_and_roles(client, executive_body):
    meetings = cycle(executive_body)
    client.force_login(officer_of(executive_body))
    response = client.get(reverse("accounts:my-account"))
    page = text(response)
    assert "Roles Officer of Carlisle Partnership Executive" in page
    assert "To do" in page and "Attendance to record 1" in page and "Agendas due 1" in page
    assert reverse("meetings:attendance", kwargs={"pk": meetings["attendance"].pk}) in response.content.decode()


def test_my_account_names_each_seat_and_partnership_role(client, executive_body):
    user = UserFactory()
    person = PersonFactory(user=user)
    MembershipFactory(person=person, body=executive_body, role="chair")
    MembershipFactory(person=person, body=BodyFactory(name="Fuel Poverty task group"))
    MembershipFactory(person=person, body=BodyFactory(name="Old group"), end=D(2010, 1, 1))
    make_executive(user)
    client.force_login(user)
    response = client.get(reverse("accounts:my-account"))
    assert response.context["roles"] == ["Executive", "Chair of Carlisle Partnership Executive", "Member of Fuel Poverty task group"]
    assert "To do" not in text(response)


# --- "Schedule a meeting" ---------------------------------------------------------------


def test_schedulable_bodies_are_the_standing_bodies_a_user_manages(executive_body):
    officer = officer_of(executive_body)
    dissolved = BodyFactory(name="Old group", dissolved=D(2010, 1, 1))
    MembershipFactory(person=officer.person, body=dissolved, role="officer", organisation=None)
    other = BodyFactory(name="Community Safety Partnership")
    assert schedulable_bodies(officer) == [executive_body]
    assert schedulable_bodies(officer, body=executive_body) == [executive_body]
    assert schedulable_bodies(officer, body=other) == []
    staff = StaffUserFactory()
    assert schedulable_bodies(staff) == [] and schedulable_bodies(staff, body=other) == [other]


def _schedule_link(body):
    return f'href="{reverse("meetings:meeting-add", kwargs={"slug": body.slug})}"'


def test_schedule_a_meeting_is_offered_to_the_bodys_officer_only(client, executive_body):
    officer = officer_of(executive_body)
    member = UserFactory()
    MembershipFactory(person=PersonFactory(user=member), body=executive_body)
    pages = [
        executive_body.get_absolute_url(),
        reverse("meetings:body-meetings", kwargs={"slug": executive_body.slug}),
        reverse("meetings:calendar"),
        f"{reverse('meetings:calendar')}?body={executive_body.slug}",
        reverse("meetings:my-meetings"),
    ]
    client.force_login(officer)
    for url in pages:
        assert _schedule_link(executive_body) in client.get(url).content.decode(), url
    client.force_login(member)
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200 and "meetings/add/" not in response.content.decode(), url
    client.logout()
    assert "meetings/add/" not in client.get(executive_body.get_absolute_url()).content.decode()


def test_staff_are_offered_scheduling_on_every_bodys_pages(client, executive_body):
    client.force_login(StaffUserFactory())
    assert _schedule_link(executive_body) in client.get(executive_body.get_absolute_url()).content.decode()
    url = reverse("meetings:body-meetings", kwargs={"slug": executive_body.slug})
    assert _schedule_link(executive_body) in client.get(url).content.decode()


def test_the_body_page_offers_self_assessment_only_to_its_readers(client, executive_body):
    link = reverse("assessment:assessments", kwargs={"slug": executive_body.slug})
    member = UserFactory()
    MembershipFactory(person=PersonFactory(user=member), body=executive_body)
    client.force_login(member)
    assert link in client.get(executive_body.get_absolute_url()).content.decode()
    outsider = UserFactory()
    MembershipFactory(person=PersonFactory(user=outsider), body=BodyFactory(name="Community Safety Partnership"))
    client.force_login(outsider)
    assert link not in client.get(executive_body.get_absolute_url()).content.decode()
    assert client.get(link).status_code == 404  # what the link used to lead to
