"""Load the Cumbria demo partnership (partnerships/demo/cumbria.yaml), its strategy, meetings,
terms of reference and engagement, and the demo logins. Governance sits at the top of the
layers, so the command that loads every app's demo lives here.

Safe to run again: the structure importer matches records by name, and the logins are only
created or corrected, never duplicated.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from governance.assessment.demo import load_demo_engagement
from governance.reviews.models import MembershipReview
from governance.reviews.services import open_attendance_reviews
from governance.terms.demo import load_demo_terms
from meetings.attendance import evaluate_all
from meetings.demo import load_demo_meetings
from partnerships.demo import DEMO_FILE
from partnerships.models import Body, BodyLink, Membership, Organisation, Person
from partnerships.permissions import ensure_role_groups
from partnerships.roles import EXECUTIVES_GROUP, STAFF_GROUP
from partnerships.structure_io import StructureImportError, import_structure, load_structure_file
from performance.demo import load_demo_strategy

DEMO_PASSWORD = "demo-partnership"

# Each login and what it demonstrates. `person` names someone in cumbria.yaml:
#  - Rachel Armstrong sits on the Carlisle Partnership Executive, convenes the Healthy
#    Communities and Older People priority group and so sits on The Conveners (a private body);
#  - Laura Bell is the officer (support) of the Carlisle Partnership Executive;
#  - Michael Graham sits on the Cumbria Leadership Forum as Leader of Carlisle City Council.
DEMO_LOGINS = [
    dict(username="member@example.org", person="Rachel Armstrong",
         role="Member of bodies (Carlisle Partnership Executive, a priority group, The Conveners)"),
    dict(username="officer@example.org", person="Laura Bell",
         role="Body officer (manages the Carlisle Partnership Executive)"),
    dict(username="executive@example.org", person="Michael Graham", groups=[EXECUTIVES_GROUP],
         role="Executive (Cumbria Leadership Forum; sees every body)"),
    dict(username="staff@example.org", is_staff=True, groups=[STAFF_GROUP],
         role="Partnership staff (administers the structure)"),
    dict(username="admin@example.org", is_staff=True, is_superuser=True,
         role="Administrator (superuser)"),
]


class Command(BaseCommand):
    help = (
        "Load the Cumbria Strategic Partnership demo data set and create the demo logins "
        f"(password {DEMO_PASSWORD!r}). Running it again changes nothing."
    )

    def handle(self, *args, **options):
        try:
            with transaction.atomic():
                result = import_structure(load_structure_file(DEMO_FILE))
                ensure_role_groups()
                password = _DemoPassword()
                logins = [ensure_login(password=password, **login) for login in DEMO_LOGINS]
        except StructureImportError as error:
            problems = "\n".join(f"  - {problem}" for problem in error.errors)
            raise CommandError(f"{DEMO_FILE.name} could not be imported:\n{problems}") from error

        self.stdout.write(self.style.SUCCESS(
            f"Demo partnership loaded ({result.summary()}): {Body.objects.count()} bodies, "
            f"{Organisation.objects.count()} organisations, {Person.objects.count()} people, "
            f"{Membership.objects.count()} memberships, {BodyLink.objects.count()} links."
        ))
        strategy = load_demo_strategy()
        if strategy:
            self.stdout.write(self.style.SUCCESS(f"Demo community strategy loaded: {strategy}"))
        meetings = load_demo_meetings()
        reviews = open_demo_attendance_reviews(meetings.body_ids)
        self.stdout.write(self.style.SUCCESS(
            f"{meetings.summary()}; {reviews} attendance review{'s' if reviews != 1 else ''} open."
        ))
        self.stdout.write(self.style.SUCCESS(load_demo_terms()))
        self.stdout.write(self.style.SUCCESS(load_demo_engagement()))
        self.stdout.write(login_table(logins))


def open_demo_attendance_reviews(body_ids):
    """Run the attendance rule over the demo bodies so staff find the reviews it opens; returns
    the number of their reviews open. Nobody is emailed about the demo's 2010 attendance: the
    chair's address is example.org, and a demo site may have a real mail server."""
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        open_attendance_reviews(evaluate_all(body_ids=body_ids, on=timezone.localdate()))
    return MembershipReview.objects.filter(membership__body_id__in=body_ids, closed_at__isnull=True).count()


class _DemoPassword:
    """The demo password's hash, made and checked at most once per run: the production hasher
    is deliberately slow (about 0.3 s a time), and five logins would cost seconds."""

    def __init__(self):
        self._hash = None
        self._verdicts = {}

    def is_set(self, encoded):
        if not encoded:
            return False
        if encoded not in self._verdicts:
            self._verdicts[encoded] = check_password(DEMO_PASSWORD, encoded)
            if self._verdicts[encoded]:
                self._hash = self._hash or encoded
        return self._verdicts[encoded]

    @property
    def hash(self):
        if self._hash is None:
            self._hash = make_password(DEMO_PASSWORD)
        return self._hash


def ensure_login(*, username, role, password, person=None, groups=(), is_staff=False,
                 is_superuser=False):
    """Create or correct one demo login; a login already as described is left untouched."""
    user = get_user_model().objects.filter(username=username).first()
    created = user is None
    if created:
        user = get_user_model()(username=username, password=password.hash)
    changed = created
    for field, value in (("email", username), ("is_active", True), ("is_staff", is_staff),
                         ("is_superuser", is_superuser)):
        if getattr(user, field) != value:
            setattr(user, field, value)
            changed = True
    # Resetting the password on every run would salt it afresh and change the row each time.
    if not created and not password.is_set(user.password):
        user.password = password.hash
        changed = True
    if changed:
        user.save()
    for name in groups:
        group = Group.objects.get(name=name)
        if not user.groups.filter(pk=group.pk).exists():
            user.groups.add(group)

    person_name = ""
    if person:
        linked = Person.objects.filter(name=person).first()
        if linked is None:
            raise CommandError(f"{DEMO_FILE.name} has no person called {person} for {username}.")
        if linked.user_id != user.pk:
            Person.objects.filter(user=user).exclude(pk=linked.pk).update(user=None)
            linked.user = user
            linked.save(update_fields=["user"])
        person_name = linked.name
    return dict(username=username, role=role, person=person_name)


def login_table(logins):
    rows = [("Login", "Person", "Role")] + [
        (login["username"], login["person"] or "-", login["role"]) for login in logins
    ]
    widths = [max(len(row[column]) for row in rows) for column in range(3)]
    lines = ["", f"Demo logins (password for all: {DEMO_PASSWORD})"]
    for index, (username, person, role) in enumerate(rows):
        lines.append(f"  {username:<{widths[0]}}  {person:<{widths[1]}}  {role}")
        if index == 0:
            lines.append(f"  {'-' * widths[0]}  {'-' * widths[1]}  {'-' * widths[2]}")
    return "\n".join(lines)
