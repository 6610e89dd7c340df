"""Permission matrix rows for structure administration: partnership staff (and administrators)
only; to anyone else signed in the pages do not exist, and the public is asked to sign in."""

from .conftest import ROLES

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
