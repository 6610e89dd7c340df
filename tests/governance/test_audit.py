"""The audit trail (governance/audit/selectors.py and the staff page audit:audit): who changed what on
memberships, terms of reference, minutes and measurements."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from governance.audit.selectors import audit_entries, audit_feed
from meetings.models import Meeting, Minutes
from partnerships import services
from partnerships.models import Body, BodyPlacement, Membership, Organisation, Person
from performance.models import Measurement
from performance.services import record_measurement
from tests.factories import AdminUserFactory, OrganisationFactory, PersonFactory, StaffUserFactory, UserFactory
from tests.performance.factories import IndicatorFactory

from .factories import make_terms

pytestmark = pytest.mark.django_db
D = datetime.date
AUDIT = reverse("audit:audit")


@pytest.fixture
def executive():
    return services.create_body(name="Carlisle Partnership Executive", kind="executive")


@pytest.fixture
def officer(executive):
    user = UserFactory(username="officer@example.org")
    services.add_membership(person=PersonFactory(user=user), body=executive, role="officer", start=D(2006, 3, 1))
    return user


@pytest.fixture
def staff(client):
    user = StaffUserFactory(username="staff@example.org")
    client.force_login(user)
    return user


@pytest.fixture
def seat(executive):
    return services.add_membership(
        person=PersonFactory(name="Rachel Armstrong"), body=executive, role="member", seat="Voluntary sector seat",
        organisation=OrganisationFactory(name="Cumbria CVS", sector="voluntary"), start=D(2009, 1, 1),
    )


def membership_form(membership, **changes):
    data = {
        "person": membership.person_id, "organisation": membership.organisation_id or "", "role": membership.role,
        "seat": membership.seat, "voting": "on" if membership.voting else "", "start": membership.start.isoformat(),
        "end": "", "designated_deputy": "",
    }
    return {**data, **changes}


def latest(model):
    return model.history.order_by("-history_date", "-history_id").first()


def test_a_membership_changed_on_the_portal_is_recorded_with_its_user(client, executive, officer, seat, staff):
    client.force_login(officer)
    response = client.post(
        reverse("partnerships:membership-edit", kwargs={"slug": executive.slug, "pk": seat.pk}),
        membership_form(seat, seat="Community sector seat"),
    )
    assert response.status_code == 302
    row = latest(Membership)
    assert (row.history_type, row.history_user, row.seat) == ("~", officer, "Community sector seat")

    client.force_login(staff)
    page = client.get(AUDIT)
    entry = page.context["entries"][0]
    assert (entry.action, entry.user, entry.body) == ("Changed", officer, executive)
    assert [(c.field, c.old, c.new) for c in entry.changes] == [("seat", "Voluntary sector seat", "Community sector seat")]
    html = page.content.decode()
    assert "officer@example.org" in html and "Rachel Armstrong – Member of Carlisle Partnership Executive" in html


def test_a_membership_changed_in_the_admin_is_recorded_with_its_user(client, seat):
    admin = AdminUserFactory(username="admin@example.org")
    client.force_login(admin)
    response = client.post(
        reverse("admin:partnerships_membership_change", args=[seat.pk]),
        {**membership_form(seat, end="2010-03-31"), "body": seat.body_id},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    row = latest(Membership)
    assert (row.history_user, row.end) == (admin, D(2010, 3, 1).replace(day=31))
    entry = audit_entries(audit_feed(kind="membership")[:1])[0]
    assert entry.user == admin and [(c.field, c.new) for c in entry.changes] == [("end", "31 Mar 2010")]


def test_a_measurement_correction_appears_with_who_made_it_and_both_values(client, executive, staff):
    indicator = IndicatorFactory(code="NI185", lead_body=executive)
    record_measurement(indicator=indicator, period="2009Q1", value="5.2", user=staff)
    corrector = StaffUserFactory(username="analyst@example.org")
    record_measurement(indicator=indicator, period="2009Q1", value="4.9", note="Revised by DECC", user=corrector)
    record_measurement(indicator=indicator, period="2009Q1", value="4.7", note="Revised by DECC", user=staff)

    page = client.get(AUDIT, {"kind": "measurement", "body": executive.slug})
    entries = page.context["entries"]
    assert [(e.action, e.user, e.subject) for e in entries] == [
        ("Corrected", staff, "NI185 2009Q1"), ("Corrected", corrector, "NI185 2009Q1"),
    ]
    assert [(c.field, c.old, c.new) for c in entries[1].changes] == [("value", "5.2", "4.9"), ("note", "", "Revised by DECC")]
    assert [(c.field, c.old, c.new) for c in entries[0].changes] == [("value", "4.9", "4.7")]
    assert "analyst@example.org" in page.content.decode()


def test_a_measurement_saved_one_by_one_has_history_rows(executive):
    """Saves outside performance.services (the admin, a shell) are recorded by the history."""
    indicator = IndicatorFactory(code="NI186", lead_body=executive)
    measurement = Measurement.objects.create(indicator=indicator, period="2009Q2", value=Decimal("7.5"))
    measurement.value = Decimal("7.25")
    measurement.save()
    entry = audit_entries(audit_feed(kind="measurement", body=executive)[:1])[0]
    assert (entry.action, entry.subject) == ("Changed", "NI186 2009Q2")
    assert [(c.field, c.old, c.new) for c in entry.changes] == [("value", "7.500", "7.250")]


def test_terms_of_reference_changes_are_recorded_with_the_officer(client, executive, officer):
    draft = make_terms(executive, user=officer)
    client.force_login(officer)
    client.post(reverse("terms:terms-approve", kwargs={"slug": executive.slug, "version": draft.version}),
                {"approved_on": "2006-08-16"})
    entry = audit_entries(audit_feed(kind="terms")[:1])[0]
    assert entry.user == officer and entry.subject == "Terms of reference of Carlisle Partnership Executive, version 1"
    assert ("status", "Draft", "Approved") in [(c.field, c.old, c.new) for c in entry.changes]


def test_minutes_are_filtered_by_body(client, executive, staff):
    other = services.create_body(name="The Conveners", kind="conveners", public=False)
    for body in (executive, other):
        meeting = Meeting.objects.create(body=body, starts_at=datetime.datetime(2009, 11, 17, 10, tzinfo=datetime.UTC))
        Minutes.objects.create(meeting=meeting)
    page = client.get(AUDIT, {"kind": "minutes", "body": executive.slug})
    assert [(e.action, e.body) for e in page.context["entries"]] == [("Created", executive)]
    assert page.context["page"].paginator.count == 1


@pytest.mark.parametrize("query", [{"kind": "everything"}, {"body": "no-such-body"}, {"page": "x"}, {"page": "999"}])
def test_malformed_filters_get_a_message_or_a_page_not_an_error(client, seat, staff, query):
    response = client.get(AUDIT, query)
    assert response.status_code == 200
    if "page" not in query:
        assert response.context["filters"].errors


def test_the_audit_trail_is_for_staff(client, officer):
    assert client.get(AUDIT).status_code == 302
    client.force_login(officer)
    assert client.get(AUDIT).status_code == 404


def _changes(executive, count):
    """`count` new memberships, each then changed: two history rows apiece."""
    # Organisations and people written in bulk leave no history rows of their own: the page
    # shows the seats' and terms' rows only.
    suffix = f"{count}-{Person.objects.count()}"
    organisation = Organisation.objects.bulk_create(
        [Organisation(name=f"Partner {suffix}", slug=f"partner-{suffix}", sector="public")]
    )[0]
    people = Person.objects.bulk_create(
        Person(name=f"Member {organisation.pk}-{i}", slug=f"member-{organisation.pk}-{i}") for i in range(count)
    )
    for person in people:
        membership = services.add_membership(
            person=person, body=executive, organisation=organisation, role="member", start=D(2009, 1, 1)
        )
        services.update_membership(membership, seat=f"Seat {membership.pk}")
        make_terms(executive, approved_on=D(2000, 1, 1) + datetime.timedelta(days=Membership.objects.count()))


# The session, the user, the Executives-group check (header); the filter's bodies; the count; the
# page of the union; per source on the page (memberships, terms): its rows, their previous rows.
AUDIT_QUERIES = 3 + 1 + 1 + 1 + 2 * 2


def test_the_audit_page_costs_the_same_queries_at_two_sizes(
    client, executive, staff, django_assert_num_queries, django_assert_max_num_queries
):
    for model in (Body, BodyPlacement):  # the fixture's own rows
        model.history.all().delete()
    for count in (3, 15):
        _changes(executive, count - executive.memberships.count())
        with django_assert_num_queries(AUDIT_QUERIES):
            response = client.get(AUDIT)
        total = response.context["page"].paginator.count
        assert len(response.context["entries"]) == min(50, total) and total >= 5 * count
        assert {e.source for e in response.context["entries"]} == {"membership", "terms"}
    # The second page holds the oldest rows: fewer sources, never more queries.
    with django_assert_max_num_queries(AUDIT_QUERIES):
        client.get(AUDIT, {"page": 2})


def test_structural_changes_are_in_the_bodies_category_with_who_and_when(client, executive, staff):
    other = services.create_body(name="Cumbria Leadership Forum", kind="board")
    client.post(reverse("partnerships:body-move", kwargs={"slug": executive.slug}), {"target": other.pk, "on": "2010-04-01"})
    client.post(reverse("partnerships:body-dissolve", kwargs={"slug": executive.slug}), {"on": "2011-04-01"})
    page = client.get(AUDIT, {"kind": "bodies"})
    entries = page.context["entries"]
    assert all(e.user == staff for e in entries[:3])
    subjects = [e.subject for e in entries]
    assert "Place of Carlisle Partnership Executive: under Cumbria Leadership Forum from 1 April 2010" in subjects
    dissolved = next(e for e in entries if e.source == "body" and any(c.field == "dissolved" for c in e.changes))
    assert [(c.old, c.new) for c in dissolved.changes if c.field == "dissolved"] == [("", "1 Apr 2011")]
    assert "Bodies" in page.content.decode()
    # Filtered by body, the body's own rows and its places are listed.
    by_body = client.get(AUDIT, {"kind": "bodies", "body": executive.slug}).context["entries"]
    assert by_body and all(e.body == executive for e in by_body)
    assert not Body.objects.filter(pk=executive.pk, dissolved__isnull=True).exists()


def test_successors_and_logins_given_or_revoked_are_in_the_trail_with_who(client, executive, staff):
    successor = services.create_body(name="Carlisle Partnership Board", kind="board")
    client.post(reverse("partnerships:body-dissolve", kwargs={"slug": executive.slug}),
                {"on": "2011-04-01", "successors": [successor.pk]})
    person = services.save_person(name="Ivy Invitee", email="ivy@example.org")
    client.post(reverse("partnerships:person-invite", kwargs={"slug": person.slug}))
    client.post(reverse("partnerships:person-revoke", kwargs={"slug": person.slug}))

    bodies = client.get(AUDIT, {"kind": "bodies"}).context["entries"]
    dissolved = next(e for e in bodies if e.source == "body" and any(c.field == "dissolved" for c in e.changes))
    assert ("note", "Succeeded by Carlisle Partnership Board") in [(c.field, c.new) for c in dissolved.changes]
    people = [e for e in client.get(AUDIT, {"kind": "people"}).context["entries"] if e.subject == "Ivy Invitee"]
    notes = [(e.user, c.new) for e in people for c in e.changes if c.field == "note"]
    assert notes == [(staff, "Sign-in revoked"), (staff, "Invited to sign in")]
