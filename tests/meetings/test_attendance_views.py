"""The attendance register and statistics pages, through Django's test client (no browser)."""

import datetime
import html

import factory
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from faults.attendance import form_data
from meetings.models import Attendance, Guest, MeetingStatus
from tests.factories import BodyFactory, MembershipFactory, PersonFactory, StaffUserFactory, UserFactory

from .factories import AttendanceFactory, HeldMeetingFactory, at

pytestmark = pytest.mark.django_db

D = datetime.date
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def executive():
    """Seed 002's Carlisle Partnership Executive: Alan Tinnion, whose designated deputy is
    Brenda Stoker, and Beth Wood; an officer and a member who left do not sit at the meeting."""
    body = BodyFactory(name="Carlisle Partnership Executive", slug="carlisle-partnership-executive")
    brenda = PersonFactory(name="Brenda Stoker")
    alan = MembershipFactory(body=body, person__name="Alan Tinnion", seat="Leader of Carlisle City Council", designated_deputy=brenda)
    beth = MembershipFactory(body=body, person__name="Beth Wood")
    MembershipFactory(body=body, person__name="Olga Officer", role="officer")
    gone = MembershipFactory(body=body, person__name="Gary Gone", end=D(2010, 1, 1))
    meeting = HeldMeetingFactory(body=body, starts_at=at(2010, 3, 4))
    return {"body": body, "meeting": meeting, "alan": alan, "beth": beth, "brenda": brenda, "gone": gone}


@pytest.fixture
def staff_client(client):
    client.force_login(StaffUserFactory())
    return client


def page_url(meeting):
    return reverse("meetings:attendance", kwargs={"pk": meeting.pk})


def row_url(meeting, membership):
    return reverse("meetings:attendance-row", kwargs={"pk": meeting.pk, "membership_pk": membership.pk})


def test_the_register_lists_the_members_on_the_meeting_date(staff_client, executive):
    response = staff_client.get(page_url(executive["meeting"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Alan Tinnion" in html and "Beth Wood" in html
    assert "Olga Officer" not in html and "Gary Gone" not in html
    # Keyboard-friendly: a fieldset and legend per member, real radio buttons with labels.
    alan = executive["alan"].pk
    assert html.count("<fieldset") == 2
    assert f'<input type="radio" name="m{alan}-status" value="deputy" id="id_m{alan}-status_3"' in html
    assert f'<label for="id_m{alan}-status_3">Represented by deputy</label>' in html
    # The designated deputy is pre-selected.
    assert f'<option value="{executive["brenda"].pk}" selected>Brenda Stoker (designated deputy)</option>' in html
    assert "Quorum" in html


def test_the_body_officer_may_record_attendance_but_a_member_may_not(client, executive):
    officer, member = UserFactory(), UserFactory()
    MembershipFactory(body=executive["body"], role="officer", person=PersonFactory(user=officer))
    MembershipFactory(body=executive["body"], person=PersonFactory(user=member))
    client.force_login(officer)
    assert client.get(page_url(executive["meeting"])).status_code == 200
    client.force_login(member)
    assert client.get(page_url(executive["meeting"])).status_code == 404
    response = client.post(row_url(executive["meeting"], executive["alan"]), {f"m{executive['alan'].pk}-status": "present"}, **HTMX)
    assert response.status_code == 404
    assert not Attendance.objects.exists()


def test_a_row_is_saved_with_htmx_and_comes_back_with_the_quorum(staff_client, executive):
    meeting, alan = executive["meeting"], executive["alan"]
    response = staff_client.post(row_url(meeting, alan), {f"m{alan.pk}-status": "present"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert Attendance.objects.get(meeting=meeting, membership=alan).status == "present"
    # Only the row's outcome comes back: the row itself stays, so a change made meanwhile is kept.
    assert "<fieldset" not in html and 'class="register__said"' in html
    assert "Saved" in html
    # One of two voting members present: a third of 2 rounds up to 1, so quorate.
    assert 'id="quorum-panel"' in html and 'hx-swap-oob="true"' in html and "Yes" in html


def test_a_deputy_row_names_who_stood_in_for_whom(staff_client, executive):
    meeting, alan, brenda = executive["meeting"], executive["alan"], executive["brenda"]
    response = staff_client.post(
        row_url(meeting, alan), {f"m{alan.pk}-status": "deputy", f"m{alan.pk}-deputy": brenda.pk}, **HTMX
    )
    html = response.content.decode()
    assert "Brenda Stoker (deputy for Alan Tinnion)" in html
    assert "designated deputy (" not in html
    assert Attendance.objects.get(meeting=meeting, membership=alan).deputy == brenda
    assert "Brenda Stoker (deputy for Alan Tinnion)" in staff_client.get(page_url(meeting)).content.decode()


def test_a_deputy_who_is_not_the_designated_one_is_saved_with_a_warning(staff_client, executive):
    meeting, alan = executive["meeting"], executive["alan"]
    carol = MembershipFactory(person__name="Carol Dent", organisation=alan.organisation).person  # a colleague
    response = staff_client.post(
        row_url(meeting, alan), {f"m{alan.pk}-status": "deputy", f"m{alan.pk}-deputy": carol.pk}, **HTMX
    )
    html = response.content.decode()
    assert "Carol Dent (deputy for Alan Tinnion)" in html
    assert "Carol Dent is not Alan Tinnion&#x27;s designated deputy (Brenda Stoker)." in html
    assert Attendance.objects.get(meeting=meeting, membership=alan).deputy == carol


def test_represented_by_deputy_without_a_deputy_is_refused_in_the_row(staff_client, executive):
    meeting, beth = executive["meeting"], executive["beth"]
    response = staff_client.post(row_url(meeting, beth), {f"m{beth.pk}-status": "deputy"}, **HTMX)
    assert response.status_code == 200
    assert "Name the deputy who attended for Beth Wood." in response.content.decode()
    assert not Attendance.objects.exists()


def test_attendance_for_someone_who_was_not_a_member_on_the_day_is_refused(staff_client, executive):
    meeting, gone = executive["meeting"], executive["gone"]
    response = staff_client.post(row_url(meeting, gone), {f"m{gone.pk}-status": "present"}, **HTMX)
    assert response.status_code == 200
    assert "Gary Gone was not a member of Carlisle Partnership Executive on 4 March 2010." in response.content.decode()
    assert not Attendance.objects.exists()


def test_attendance_for_a_member_of_another_body_is_not_found(staff_client, executive):
    outsider = MembershipFactory(body=BodyFactory())
    response = staff_client.post(row_url(executive["meeting"], outsider), {f"m{outsider.pk}-status": "present"}, **HTMX)
    assert response.status_code == 404
    assert not Attendance.objects.exists()


def test_a_row_posted_without_javascript_redirects_back_to_the_register(staff_client, executive):
    meeting, alan = executive["meeting"], executive["alan"]
    response = staff_client.post(row_url(meeting, alan), {f"m{alan.pk}-status": "apologies"})
    assert response.status_code == 302 and response.url == page_url(meeting)
    assert Attendance.objects.get(membership=alan).status == "apologies"


def test_the_whole_register_saves_without_javascript(staff_client, executive):
    meeting, alan, beth = executive["meeting"], executive["alan"], executive["beth"]
    carol = PersonFactory(name="Carol Dent")
    AttendanceFactory(meeting=meeting, membership=beth, status="deputy", deputy=carol)
    response = staff_client.post(
        page_url(meeting),
        {
            f"m{alan.pk}-status": "apologies", f"m{alan.pk}-deputy": executive["brenda"].pk,  # ignored: not a deputy
            f"m{beth.pk}-status": "present", f"m{beth.pk}-deputy": carol.pk,
        },
        follow=True,
    )
    assert response.redirect_chain == [(page_url(meeting), 302)]
    assert "Saved the attendance of 2 members." in response.content.decode()
    rows = {a.membership: (a.status, a.deputy) for a in Attendance.objects.all()}
    assert rows == {alan: ("apologies", None), beth: ("present", None)}


def test_a_whole_register_save_writes_only_the_rows_changed_on_it(staff_client, executive):
    """Two officers load the register; the first records Beth present with htmx; the second
    then saves the whole register having changed only Alan. Beth's row, posted as the second
    officer loaded it, must not undo the first officer's change (a lost update before)."""
    meeting, alan, beth = executive["meeting"], executive["alan"], executive["beth"]
    AttendanceFactory(meeting=meeting, membership=alan, status="absent")
    AttendanceFactory(meeting=meeting, membership=beth, status="absent")
    loaded = form_data(staff_client.get(page_url(meeting)).content.decode())
    assert loaded[f"initial-m{beth.pk}-status"] == "absent"
    staff_client.post(row_url(meeting, beth), {f"m{beth.pk}-status": "present"}, **HTMX)

    loaded[f"m{alan.pk}-status"] = "apologies"
    response = staff_client.post(page_url(meeting), loaded, follow=True)

    assert "Saved the attendance of 1 member." in response.content.decode()
    assert dict(Attendance.objects.values_list("membership", "status")) == {alan.pk: "apologies", beth.pk: "present"}


def test_a_wrong_row_in_the_whole_register_saves_nothing_and_keeps_what_was_entered(staff_client, executive):
    meeting, alan, beth = executive["meeting"], executive["alan"], executive["beth"]
    response = staff_client.post(
        page_url(meeting),
        {f"m{alan.pk}-status": "present", f"m{beth.pk}-status": "deputy", f"m{alan.pk}-note": "Chaired item 3"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html and "Beth Wood: Name the deputy who attended for Beth Wood." in html
    assert not Attendance.objects.exists()
    assert 'value="Chaired item 3"' in html
    assert f'name="m{alan.pk}-status" value="present" id="id_m{alan.pk}-status_0" checked' in html


def test_recording_attendance_marks_the_meeting_held(staff_client, executive):
    meeting, alan = executive["meeting"], executive["alan"]
    meeting.status = MeetingStatus.SCHEDULED
    meeting.save()
    staff_client.post(row_url(meeting, alan), {f"m{alan.pk}-status": "present"}, **HTMX)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD


def test_present_for_a_meeting_that_has_not_started_is_refused_on_the_register(staff_client, executive):
    meeting, alan, beth = executive["meeting"], executive["alan"], executive["beth"]
    meeting.starts_at, meeting.ends_at, meeting.status = at(2099, 3, 4, 18), at(2099, 3, 4, 20), MeetingStatus.SCHEDULED
    meeting.save()
    refusal = "The meeting has not started yet (it starts on 4 March 2099 at 18:00): “present” can be recorded"
    response = staff_client.post(row_url(meeting, alan), {f"m{alan.pk}-status": "present"}, **HTMX)
    assert refusal in html_text(response)
    response = staff_client.post(
        page_url(meeting), {f"m{alan.pk}-status": "present", f"m{beth.pk}-status": "apologies"}
    )
    assert response.status_code == 200 and "There is a problem" in html_text(response)
    assert f"Alan Tinnion: {refusal}" in html_text(response)
    assert not Attendance.objects.exists()
    # Apologies sent in advance are still taken.
    staff_client.post(row_url(meeting, beth), {f"m{beth.pk}-status": "apologies"}, **HTMX)
    assert Attendance.objects.get().status == "apologies"
    assert "only apologies and deputies" in html_text(staff_client.get(page_url(meeting)))


def html_text(response):
    return " ".join(html.unescape(response.content.decode()).split())


def test_a_cancelled_meeting_has_no_register_to_fill_in(staff_client, executive):
    meeting, alan = executive["meeting"], executive["alan"]
    meeting.status = MeetingStatus.CANCELLED
    meeting.save()
    html = staff_client.get(page_url(meeting)).content.decode()
    assert "This meeting was cancelled" in html and "<fieldset" not in html
    response = staff_client.post(page_url(meeting), {f"m{alan.pk}-status": "present"}, follow=True)
    assert "The meeting was cancelled: there is no attendance to record." in response.content.decode()
    assert not Attendance.objects.exists()


def test_guests_are_added_and_removed(staff_client, executive):
    meeting = executive["meeting"]
    add = reverse("meetings:attendance-guest-add", kwargs={"pk": meeting.pk})
    response = staff_client.post(add, {"name": "", "organisation": "Natural England"})
    assert response.status_code == 200 and "This field is required." in response.content.decode()
    assert not Guest.objects.exists()
    response = staff_client.post(add, {"name": "Pat Presenter", "organisation": "Natural England", "role": "Item 4"})
    assert response.status_code == 302
    guest = Guest.objects.get()
    assert "Pat Presenter" in staff_client.get(page_url(meeting)).content.decode()
    remove = reverse("meetings:attendance-guest-remove", kwargs={"pk": meeting.pk, "guest_pk": guest.pk})
    assert staff_client.post(remove).status_code == 302
    assert not Guest.objects.exists()


def test_another_meetings_guest_cannot_be_removed_here(staff_client, executive):
    guest = Guest.objects.create(meeting=HeldMeetingFactory(), name="Elsewhere")
    remove = reverse("meetings:attendance-guest-remove", kwargs={"pk": executive["meeting"].pk, "guest_pk": guest.pk})
    assert staff_client.post(remove).status_code == 404
    assert Guest.objects.exists()


def _register_queries(client, size):
    body = BodyFactory()
    meeting = HeldMeetingFactory(body=body, starts_at=at(2010, 3, 4))
    for i, membership in enumerate(MembershipFactory.create_batch(size, body=body, designated_deputy=factory.SubFactory(PersonFactory))):
        status = ["present", "apologies", "absent", "deputy"][i % 4]
        AttendanceFactory(meeting=meeting, membership=membership, status=status,
                          deputy=PersonFactory() if status == "deputy" else None)
    Guest.objects.create(meeting=meeting, name="Pat Presenter")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(page_url(meeting))
    assert response.status_code == 200
    assert response.content.decode().count("<fieldset") == size
    return len(queries)


def test_the_register_costs_the_same_queries_for_10_and_60_members(staff_client):
    assert _register_queries(staff_client, 10) == _register_queries(staff_client, 60) == 12


# Statistics -----------------------------------------------------------------------------------


@pytest.fixture
def history(executive):
    """Four held meetings: Alan sent Brenda twice and was absent twice; Beth came every time."""
    body, alan, beth, brenda = executive["body"], executive["alan"], executive["beth"], executive["brenda"]
    meetings = [executive["meeting"]] + [
        HeldMeetingFactory(body=body, starts_at=at(2010, 3, 4) + datetime.timedelta(days=30 * i)) for i in range(1, 4)
    ]
    for i, meeting in enumerate(meetings):
        AttendanceFactory(meeting=meeting, membership=beth, status="present")
        if i < 2:
            AttendanceFactory(meeting=meeting, membership=alan, status="deputy", deputy=brenda)
    return meetings


def stats_url(body):
    return reverse("meetings:attendance-stats", kwargs={"slug": body.slug})


def test_statistics_are_public_in_aggregate_without_names(client, executive, history):
    html = client.get(stats_url(executive["body"])).content.decode()
    assert "75% of seats filled" in html  # 6 of 8 seats: Beth 4, Brenda for Alan 2
    assert "25% of seats" in html  # 2 of 8 by a deputy
    assert "Alan Tinnion" not in html and "Brenda Stoker" not in html and "Beth Wood" not in html


def test_the_bodys_readers_see_each_member_and_who_deputised(client, executive, history):
    reader = UserFactory()
    MembershipFactory(body=executive["body"], role="officer", person=PersonFactory(user=reader))
    client.force_login(reader)
    html = client.get(stats_url(executive["body"])).content.decode()
    assert "Brenda Stoker (deputy for Alan Tinnion) × 2" in html
    assert "Beth Wood" in html
    # Alan: 2 of the last 4 by his deputy, which seed 002 counts: the seat meets the rule.
    assert "Meets" in html and "Below" not in html


def test_statistics_of_a_private_bodys_private_meetings_stay_private(client, executive, history):
    for meeting in history:
        meeting.public = False
        meeting.save()
    html = client.get(stats_url(executive["body"])).content.decode()
    assert "No meetings of Carlisle Partnership Executive have been recorded as held yet." in html


@pytest.mark.parametrize("members", [3, 15])
def test_statistics_cost_a_fixed_number_of_queries(client, django_assert_num_queries, members):
    body = BodyFactory()
    memberships = MembershipFactory.create_batch(members, body=body)
    for week in range(6):
        meeting = HeldMeetingFactory(body=body, starts_at=at(2010, 1, 4) + datetime.timedelta(days=7 * week))
        for membership in memberships:
            AttendanceFactory(meeting=meeting, membership=membership, status="present")
    client.force_login(StaffUserFactory())
    with django_assert_num_queries(12):
        assert client.get(stats_url(body)).status_code == 200
