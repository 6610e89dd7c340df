"""Permission matrix rows for structure administration: partnership staff (and administrators)
only; to anyone else signed in the pages do not exist, and the public is asked to sign in."""

from partnerships import services
from partnerships.models import Body, Membership, Organisation, Person

from .conftest import ROLES, STAFF, Write

OK, LOGIN, HIDDEN, POST_ONLY = 200, 302, 404, 405

STAFF_ONLY = {**dict.fromkeys(ROLES, HIDDEN), "anonymous": LOGIN, "staff": OK, "admin": OK}
STAFF_POST_ONLY = {**STAFF_ONLY, "staff": POST_ONLY, "admin": POST_ONLY}
# The drawing is public; it shows each viewer the bodies the policy lets them see.
EVERYONE = dict.fromkeys(ROLES, OK)


def _body(world):
    return {"slug": world.private_body.slug}


def _person(world):
    return {"slug": world.membership.person.slug}


def _organisation(world):
    return {"slug": world.membership.organisation.slug}


ROWS = {
    "partnerships:structure-svg": (None, EVERYONE),
    "partnerships:body-add": (None, STAFF_ONLY),
    "partnerships:body-edit": (_body, STAFF_ONLY),
    "partnerships:body-move": (_body, STAFF_ONLY),
    "partnerships:body-dissolve": (_body, STAFF_ONLY),
    "partnerships:body-delete": (_body, STAFF_ONLY),
    "partnerships:organisation-add": (None, STAFF_ONLY),
    "partnerships:organisation-edit": (_organisation, STAFF_ONLY),
    "partnerships:people": (None, STAFF_ONLY),
    "partnerships:person-add": (None, STAFF_ONLY),
    "partnerships:person-edit": (_person, STAFF_ONLY),
    "partnerships:person-invite": (_person, STAFF_POST_ONLY),
    "partnerships:person-revoke": (_person, STAFF_POST_ONLY),
}


def _made_by_mistake(world, client):
    services.create_body(name="Mistaken group", kind="task_group", parent=world.public_body)


def _invitee(world, client):
    services.save_person(name="Ivy Invitee", email="ivy@example.org")


def _body_fields(world, **changes):
    body = world.private_body
    fields = {"name": body.name, "kind": body.kind, "layer": body.layer, "purpose": body.purpose,
              "roles": body.roles, "size_min": body.size_min or "", "size_max": body.size_max or "",
              "meets_every_months": body.meets_every_months or "", "established": body.established or ""}
    if body.public:
        fields["public"] = "on"
    return {**fields, **changes}


def _body_state(world):
    return Body.objects.filter(pk=world.private_body.pk).values_list("name", "parent_id", "dissolved").first()


def _person_row(slug):
    return Person.objects.filter(slug=slug).values_list("name", "email", "user_id", "user__is_active").first()


WRITES = {
    "partnerships:body-add": Write(
        None,
        lambda w: {"name": "Fuel Poverty task group", "kind": "task_group", "layer": "operational",
                   "parent": w.public_body.pk, "public": "on"},
        lambda w: list(Body.objects.filter(name="Fuel Poverty task group").values_list("parent_id", flat=True)),
        STAFF,
    ),
    "partnerships:body-edit": Write(
        _body, lambda w: _body_fields(w, name="Funding and grants task group"), _body_state, STAFF,
    ),
    "partnerships:body-move": Write(
        _body, lambda w: {"target": w.other_body.pk, "on": "2010-04-01"}, _body_state, STAFF,
    ),
    "partnerships:body-dissolve": Write(
        _body, lambda w: {"on": "2010-04-01", "successors": [w.other_body.pk]},
        lambda w: (_body_state(w), Membership.objects.filter(body=w.private_body, end__isnull=True).count()),
        STAFF,
    ),
    "partnerships:body-delete": Write(
        lambda w: {"slug": "mistaken-group"}, lambda w: {},
        lambda w: Body.objects.filter(slug="mistaken-group").exists(), STAFF, prepare=_made_by_mistake,
    ),
    "partnerships:organisation-add": Write(
        None, lambda w: {"name": "Carlisle Housing Association", "sector": "voluntary", "tier": ""},
        lambda w: Organisation.objects.filter(name="Carlisle Housing Association").count(), STAFF,
    ),
    "partnerships:organisation-edit": Write(
        _organisation,
        lambda w: {"name": "Cumbria Council for Voluntary Service", "sector": "voluntary", "tier": ""},
        lambda w: Organisation.objects.filter(pk=w.membership.organisation.pk).values_list("name", flat=True).get(),
        STAFF,
    ),
    "partnerships:person-add": Write(
        None, lambda w: {"name": "Nina Newcomer", "email": "nina@example.org"},
        lambda w: Person.objects.filter(name="Nina Newcomer").count(), STAFF,
    ),
    "partnerships:person-edit": Write(
        _person, lambda w: {"name": "Mary Member-Jones", "email": "mary@example.org"},
        lambda w: _person_row(w.membership.person.slug), STAFF,
    ),
    "partnerships:person-invite": Write(
        lambda w: {"slug": "ivy-invitee"}, lambda w: {}, lambda w: _person_row("ivy-invitee"), STAFF,
        prepare=_invitee,
    ),
    "partnerships:person-revoke": Write(
        _person, lambda w: {}, lambda w: _person_row(w.membership.person.slug), STAFF,
    ),
}
