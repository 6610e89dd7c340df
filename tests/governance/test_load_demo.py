"""`manage.py load_demo`: the Cumbria framework of seed 001, Carlisle (seed 002) and the
West Cumbria / Copeland history (seed 000), with the demo logins."""

import datetime
import io

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.models import AnonymousUser, Group, Permission
from django.core.management import call_command
from django.test import RequestFactory
from django.utils import timezone

from partnerships.models import (
    Body,
    BodyLink,
    BodyUserObjectPermission,
    Membership,
    Organisation,
    Person,
)
from partnerships.policy import body_policy
from partnerships.roles import EXECUTIVES_GROUP, STAFF_GROUP, is_executive, role_names
from partnerships.tree import tree_problems
from tests.module_data import rolled_back_after_the_module

pytestmark = pytest.mark.django_db

D = datetime.date
PASSWORD = "demo-partnership"
LOGINS = [
    "member@example.org",
    "officer@example.org",
    "executive@example.org",
    "staff@example.org",
    "admin@example.org",
]

FORUM = "Cumbria Strategic Partnership Forum"
CLF = "Cumbria Leadership Forum"
CEG = "Cumbria Chief Executives Group"
JCG = "Cumbria Thematic Partnerships and LSP Joint Chairs Group"
THEMATIC_PARTNERSHIPS = [
    "Children and Young People Thematic Partnership",
    "Cumbria Vision Thematic Partnership",
    "Environment Thematic Partnership",
    "Health, Care and Older People Thematic Partnership (HCOP)",
    "Safer and Stronger Thematic Partnership",
]
CARLISLE_PRIORITY_GROUPS = [
    "Carlisle Children and Young People Priority Group",
    "Carlisle Healthy Communities and Older People Priority Group",
    "Carlisle Economic Development and Enterprise Priority Group",
    "Carlisle Safer and Stronger Communities Priority Group",
]


def load_demo():
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo_once(django_db_setup, django_db_blocker):
    """Load the demo once for the module, inside a transaction rolled back at the end; each
    test's own transaction nests in it as a savepoint (the load takes seconds)."""
    with rolled_back_after_the_module(django_db_blocker):
        yield load_demo()


@pytest.fixture
def demo(demo_once, db):
    return demo_once


def body(name):
    return Body.objects.get(name=name)


def parent_name(name):
    parent = body(name).parent
    return parent.name if parent else None


def test_every_body_of_the_seed_001_framework_is_in_the_tree_with_its_kind(demo):
    # Seed 001, "Cumbria Strategic Partnership Framework" and the membership/role pages.
    expected = {
        FORUM: ("forum", None),
        CLF: ("board", FORUM),
        CEG: ("chief_executives", CLF),
        JCG: ("joint_chairs", CLF),
        **{name: ("thematic", FORUM) for name in THEMATIC_PARTNERSHIPS},
        "Cumbria Waste Partnership": ("task_group", "Environment Thematic Partnership"),
        "Cumbria Intelligence Observatory": ("project_group", FORUM),
        "Cumbria Equality & Diversity Partnership (CEDP)": ("task_group", FORUM),
        "Cumbria Improvement & Efficiency Programme (CIEP)": ("project_group", FORUM),
        "Cumbria Rural Forum": ("task_group", FORUM),
    }
    found = {name: (body(name).kind, parent_name(name)) for name in expected}
    assert found == expected
    assert body(FORUM).is_root_node()
    assert tree_problems() == []


def test_bodies_carry_the_seeds_roles_verbatim(demo):
    assert body(CEG).role_list[-3:] == [
        "Hold Thematic Partnerships to account",
        "Build and maintain links with the Thematic Partnerships of the CSP",
        "Act as the CIEP Board",
    ]
    assert len(body(CLF).role_list) == 11
    assert body(JCG).role_list[0] == (
        "Receive the quarterly performance reports on achievement of Community Strategy outcomes"
    )
    # Seed 002, Appendix Four, with the bracket filled in for the group.
    assert body(CARLISLE_PRIORITY_GROUPS[2]).role_list[0] == (
        "To provide a Carlisle-wide focus on issues that effect economic development & enterprise"
    )


def test_leadership_forum_seats_the_eleven_office_holders_of_seed_001(demo):
    leaders = [
        f"Leader of {council}"
        for council in [
            "Cumbria County Council",
            "Allerdale Borough Council",
            "Barrow-in-Furness Borough Council",
            "Carlisle City Council",
            "Copeland Borough Council",
            "Eden District Council",
            "South Lakeland District Council",
        ]
    ]
    expected = sorted(leaders + [
        "Chair of NHS Cumbria",
        "Chair of the Lake District National Park Authority",
        "Chair of Cumbria Police Authority",
        "Chair of Cumbria Association of Local Councils (CALC)",
    ])
    for on in (D(2009, 11, 5), timezone.localdate()):
        seated = Membership.objects.filter(body=body(CLF)).active_on(on).seated()
        assert sorted(seated.values_list("seat", flat=True)) == expected
        assert seated.values("person").distinct().count() == 11
    chair = Membership.objects.get(body=body(CLF), role="chair")
    assert chair.seat == "Leader of Cumbria County Council"
    assert Membership.objects.filter(body=body(CLF), role="officer").exists()
    tiers = set(
        Organisation.objects.filter(name__in=[seat.removeprefix("Leader of ") for seat in leaders])
        .values_list("name", "tier")
    )
    assert ("Cumbria County Council", "county") in tiers
    assert {tier for _, tier in tiers} == {"county", "district"}


def test_links_beyond_the_tree_follow_seed_001(demo):
    links = set(BodyLink.objects.values_list("from_body__name", "kind", "to_body__name"))
    for name in THEMATIC_PARTNERSHIPS:
        assert (CEG, "holds_to_account", name) in links
    assert (CEG, "advises", CLF) in links
    assert (JCG, "reports_to", CLF) in links
    assert (CLF, "reports_to", FORUM) in links
    assert any(kind == "supports" and source == "Cumbria Intelligence Observatory"
               for source, kind, _ in links)


def test_bodies_replaced_by_the_leadership_forum_are_kept_as_history(demo):
    # Seed 001, 4.4: the CLF "effectively replace[s] the leadership currently provided by CLASB
    # and the CSP Executive Board"; adopted at the full CSP meeting on 5 November 2009.
    current = Body.objects.standing_on(timezone.localdate())
    before = Body.objects.standing_on(D(2009, 1, 1))
    for name in ["Cumbria Strategic Partnership Executive Board", "CLASB"]:
        old = body(name)
        assert old.dissolved == D(2009, 11, 5)
        assert list(old.successors.values_list("name", flat=True)) == [CLF]
        assert not old.exists_on(timezone.localdate()) and old.exists_on(D(2009, 1, 1))
        assert old not in current and old in before
        assert not old.memberships.active_on(D(2009, 11, 5)).exists()
        assert old.memberships.active_on(D(2009, 11, 4)).exists()
    assert body(CLF) in current and body(CLF) not in before


def test_west_cumbria_gives_way_to_the_copeland_conference_and_six_localities(demo):
    # Seed 000: WCSP dissolved; a Partnership Conference twice a year and six localities.
    west = body("West Cumbria Strategic Partnership")
    conference = body("Copeland Partnership Conference")
    assert west.dissolved == D(2010, 12, 1) == conference.established
    assert list(west.successors.all()) == [conference]
    assert west.exists_on(D(2010, 11, 30)) and not west.exists_on(D(2010, 12, 1))
    assert (conference.kind, conference.meets_every_months) == ("conference", 6)
    localities = conference.get_children()
    assert len(localities) == 6 and {b.kind for b in localities} == {"locality"}
    assert not west.memberships.active_on(D(2010, 12, 1)).exists()


def test_carlisle_partnership_has_its_executive_conveners_and_four_priority_groups(demo):
    carlisle = body("Carlisle Partnership")
    assert (carlisle.kind, carlisle.established, carlisle.parent.name) == (
        "locality", D(2006, 3, 1), FORUM,
    )
    children = {child.name: child.kind for child in carlisle.get_children()}
    assert children == {
        "Carlisle Partnership Executive": "executive",
        "The Conveners": "conveners",
        **{name: "thematic" for name in CARLISLE_PRIORITY_GROUPS},
    }
    executive = body("Carlisle Partnership Executive")
    assert len(executive.role_list) == 9  # seed 002, Appendix Three: nine primary tasks
    seated = executive.memberships.active_on(timezone.localdate()).seated()
    assert 8 <= seated.count() <= 10
    sectors = set(seated.values_list("organisation__sector", flat=True))
    assert {"public", "business", "voluntary"} <= sectors
    with_deputy = seated.filter(designated_deputy__isnull=False).count()
    assert seated.count() / 2 < with_deputy < seated.count()  # most, not all: checks find gaps
    assert body("The Conveners").meets_every_months == 1


def test_running_it_twice_changes_nothing(demo):
    def snapshot():
        user_model = get_user_model()
        return {
            "bodies": list(Body.objects.order_by("pk").values_list(
                "pk", "name", "parent_id", "lft", "rght", "dissolved", "public")),
            "people": list(Person.objects.order_by("pk").values_list("pk", "name", "user_id")),
            "organisations": list(Organisation.objects.order_by("pk").values_list("pk", "name")),
            "memberships": list(Membership.objects.order_by("pk").values_list(
                "pk", "body_id", "person_id", "seat", "start", "end", "designated_deputy_id")),
            "links": list(BodyLink.objects.order_by("pk").values_list("pk", "from_body_id", "to_body_id")),
            "users": list(user_model.objects.order_by("pk").values_list(
                "pk", "username", "password", "is_staff", "is_superuser")),
            "memberships of groups": list(
                user_model.groups.through.objects.order_by("pk").values_list("pk", "user_id", "group_id")),
            "body permissions": sorted(BodyUserObjectPermission.objects.values_list(
                "user_id", "content_object_id", "permission_id")),
        }

    first = snapshot()
    output = load_demo()
    assert snapshot() == first
    assert "member@example.org" in output


def test_member_sees_a_private_body_only_when_a_member_of_it(demo):
    member = get_user_model().objects.get(username="member@example.org")
    conveners = body("The Conveners")
    programme = body("Cumbria Improvement & Efficiency Programme (CIEP)")
    assert not conveners.public and not programme.public
    assert conveners.memberships.filter(person__user=member).exists()
    assert not programme.memberships.filter(person__user=member).exists()

    visible = body_policy.visible(member)
    assert visible.filter(pk=conveners.pk).exists()
    assert not visible.filter(pk=programme.pk).exists()
    assert visible.filter(name=FORUM).exists()
    public = body_policy.visible(AnonymousUser())
    assert not public.filter(pk__in=[conveners.pk, programme.pk]).exists()
    executive = get_user_model().objects.get(username="executive@example.org")
    assert body_policy.visible(executive).filter(pk=programme.pk).exists()


def test_member_sits_on_the_carlisle_executive_and_a_priority_group(demo):
    person = Person.objects.get(user__username="member@example.org")
    bodies = set(person.memberships.active_on(timezone.localdate()).values_list("body__name", flat=True))
    assert "Carlisle Partnership Executive" in bodies
    assert bodies & set(CARLISLE_PRIORITY_GROUPS)


def test_officer_login_manages_the_carlisle_executive(demo):
    officer = get_user_model().objects.get(username="officer@example.org")
    executive = body("Carlisle Partnership Executive")
    assert executive.memberships.filter(person__user=officer, role="officer").exists()
    assert body_policy.can_manage(officer, executive)
    assert not body_policy.can_manage(officer, body(CLF))


def test_logins_authenticate_with_the_demo_password_and_have_their_roles(demo):
    # A sign-in always has a request: django-axes counts failures per address and IP.
    request = RequestFactory().post("/accounts/login/")
    users = {email: authenticate(request, username=email, password=PASSWORD) for email in LOGINS}
    assert all(users.values()), users
    assert authenticate(request, username="member@example.org", password="wrong") is None

    executive = users["executive@example.org"]
    assert is_executive(executive)
    assert executive.person.memberships.filter(
        body__name=CLF, role__in=["chair", "vice_chair", "member"]
    ).exists()
    staff = users["staff@example.org"]
    assert staff.is_staff and not staff.is_superuser
    assert staff.groups.filter(name=STAFF_GROUP).exists()
    staff_group = Group.objects.get(name=STAFF_GROUP)
    assert staff_group.permissions.filter(
        codename="change_body", content_type__app_label="partnerships"
    ).exists()
    assert staff.has_perm("partnerships.change_membership")
    assert users["admin@example.org"].is_superuser
    assert role_names(users["member@example.org"]) == []
    assert not Group.objects.get(name=EXECUTIVES_GROUP).user_set.exclude(pk=executive.pk).exists()
    assert Permission.objects.filter(group__name=STAFF_GROUP).exists()


def test_output_lists_the_logins_and_the_password(demo):
    for email in LOGINS:
        assert email in demo
    assert PASSWORD in demo


def _health_detail(name, code, on):
    from governance.health.reading import body_health

    health = body_health(body(name), on=on)
    return next(f.detail for f in health.findings if f.code == code)


def test_the_health_check_counts_the_demos_real_gap_since_the_last_meeting(demo):
    # The Carlisle Executive last met on 16 November 2010: by 1 June 2011 that is 197 days,
    # not "122 days" (twice its two-month interval, which is only the threshold).
    assert _health_detail("Carlisle Partnership Executive", "meetings.gap", D(2011, 6, 1)).startswith(
        "No held meeting in 197 days: the last was on 16 November 2010;"
    )
    # A body with no held meeting says so, counting from its establishment.
    assert _health_detail("Cumbria Chief Executives Group", "meetings.gap", D(2011, 6, 1)).startswith(
        "No meeting is recorded as held since the body was established on 5 November 2009, 573 days ago;"
    )


def test_the_health_check_names_every_sector_the_demos_executive_seats(demo):
    # Seed 002: the Carlisle Executive seats business, voluntary, faith and academic members
    # beside the public sector, not "the public sector" alone.
    assert _health_detail("Carlisle Partnership Executive", "sectors.ok", D(2011, 6, 1)) == (
        "Seated members represent these sectors: public; private and business; voluntary and community; "
        "faith; academic."
    )
