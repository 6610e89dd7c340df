import datetime

import pytest

from partnerships import services
from partnerships.permissions import sync_body_permissions
from tests.factories import (
    AdminUserFactory,
    OrganisationFactory,
    PersonFactory,
    StaffUserFactory,
    UserFactory,
    make_executive,
)

D = datetime.date


class World:
    """One partnership seen by each role: a public executive and a private task group whose
    officer and member have logins."""

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
        }
        member = PersonFactory(name="Mary Member", user=self.users["member"])
        officer = PersonFactory(name="Owen Officer", user=self.users["officer"])
        self.membership = services.add_membership(
            person=member, body=self.private_body, role="member", seat="Voluntary sector seat",
            organisation=OrganisationFactory(name="Cumbria CVS", sector="voluntary"), start=D(2009, 1, 1),
        )
        services.add_membership(person=officer, body=self.private_body, role="officer", start=D(2009, 1, 1))
        sync_body_permissions()
        for extend in world_extensions():
            extend(self)

    def client_for(self, client, role):
        if self.users[role] is not None:
            client.force_login(self.users[role])
        return client


@pytest.fixture
def world(db):
    return World()


def matrix_modules():
    """The per-area rows of the permission matrix: tests/governance/matrix_<area>.py, each with
    ROWS ({url name: (kwargs builder, {role: status})}) and optionally extend_world(world)."""
    import importlib
    import pkgutil
    from pathlib import Path

    names = sorted(m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)]) if m.name.startswith("matrix_"))
    return [importlib.import_module(f"tests.governance.{name}") for name in names]


def world_extensions():
    return [module.extend_world for module in matrix_modules() if hasattr(module, "extend_world")]


ROLES = ["anonymous", "member", "officer", "executive", "staff", "admin"]
