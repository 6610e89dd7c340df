import datetime
from typing import Callable, NamedTuple

import pytest

from partnerships import services
from tests.factories import (
    AdminUserFactory,
    OrganisationFactory,
    PersonFactory,
    StaffUserFactory,
    UserFactory,
    make_executive,
)
from tests.module_data import rolled_back_after_the_module

D = datetime.date


class World:
    """One partnership seen by each role: a public executive and a private task group whose
    officer and member have logins, and an outsider: signed in, the officer of another body
    (a public thematic partnership), with no role on the private task group."""

    def __init__(self):
        self.public_body = services.create_body(name="Carlisle Partnership Executive", kind="executive")
        self.private_body = services.create_body(
            name="Funding task group", kind="task_group", parent=self.public_body, public=False
        )
        self.users = {
            "anonymous": None,
            "member": UserFactory(username="member@example.org"),
            "officer": UserFactory(username="officer@example.org"),
            "executive": make_executive(UserFactory(username="executive@example.org")),
            "staff": StaffUserFactory(username="staff@example.org"),
            "admin": AdminUserFactory(username="admin@example.org"),
            "outsider": UserFactory(username="outsider@example.org"),
        }
        member = PersonFactory(name="Mary Member", user=self.users["member"])
        officer = PersonFactory(name="Owen Officer", user=self.users["officer"])
        self.membership = services.add_membership(
            person=member, body=self.private_body, role="member", seat="Voluntary sector seat",
            organisation=OrganisationFactory(name="Cumbria CVS", sector="voluntary"), start=D(2009, 1, 1),
        )
        services.add_membership(person=officer, body=self.private_body, role="officer", start=D(2009, 1, 1))
        self.other_body = services.create_body(
            name="Community Safety Partnership", kind="thematic", parent=self.public_body
        )
        services.add_membership(
            person=PersonFactory(name="Olive Outsider", user=self.users["outsider"]), body=self.other_body,
            role="officer", start=D(2009, 1, 1),
        )
        for extend in world_extensions():
            extend(self)

    def client_for(self, client, role):
        if self.users[role] is not None:
            client.force_login(self.users[role])
        return client


@pytest.fixture
def world(db):
    return World()


@pytest.fixture(scope="module")
def module_world(django_db_setup, django_db_blocker):
    """One World for a whole test module (the permission matrix asks hundreds of questions of
    the same world). It is built inside an outer transaction that is rolled back when the module
    ends; each test's own transaction is a savepoint within it, so what a test writes is gone
    before the next test. Only for modules without transactional tests, which would flush it."""
    with rolled_back_after_the_module(django_db_blocker):
        yield World()


def matrix_modules():
    """The per-area rows of the permission matrix: tests/governance/matrix_<area>.py, each with
    ROWS ({url name: (kwargs builder, {role: status})}), WRITES ({url name: Write}) and
    extend_world(world), each optional."""
    import importlib
    import pkgutil
    from pathlib import Path

    names = sorted(m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)]) if m.name.startswith("matrix_"))
    return [importlib.import_module(f"tests.governance.{name}") for name in names]


def world_extensions():
    return [module.extend_world for module in matrix_modules() if hasattr(module, "extend_world")]


ROLES = ["anonymous", "member", "officer", "executive", "staff", "admin", "outsider"]


class Write(NamedTuple):
    """A write endpoint's real POST for the permission matrix. `data(world)` is a valid form
    body; `state(world)` reads, from the database, what the POST changes. The roles in `may`
    get `ok` and the state changes; anonymous is sent to sign in (unless in `may` or given in
    `refused`); every other role gets `refused` (a status, or {role: status}) and nothing changes.
    `prepare(world, client)`, when given, runs before the POST (e.g. a session a link sets up)."""

    kwargs: Callable | None
    data: Callable
    state: Callable
    may: frozenset
    ok: int = 302
    refused: int | dict = 404
    prepare: Callable | None = None

    def sends_to_sign_in(self, role):
        return role == "anonymous" and role not in self.may and not (isinstance(self.refused, dict) and role in self.refused)

    def expected_status(self, role):
        if role in self.may:
            return self.ok
        if isinstance(self.refused, dict) and role in self.refused:
            return self.refused[role]
        if self.sends_to_sign_in(role):
            return 302
        return self.refused if isinstance(self.refused, int) else 404


OFFICER_AND_STAFF = frozenset({"officer", "staff", "admin"})
STAFF = frozenset({"staff", "admin"})
SIGNED_IN = frozenset(ROLES) - {"anonymous"}
EVERYONE = frozenset(ROLES)
