"""/data/popolo.json validates against the official Popolo schemas vendored in partnerships/popolo_schemas."""

import datetime
import json
from pathlib import Path

import pytest
from jsonschema import Draft3Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT3

from partnerships import services
from tests.factories import OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db
SCHEMAS = Path(__file__).resolve().parents[2] / "partnerships" / "popolo_schemas"
D = datetime.date


def schema_registry():
    resources = []
    for path in SCHEMAS.glob("*.json"):
        schema = json.loads(path.read_text())
        resource = Resource.from_contents(schema, default_specification=DRAFT3)
        resources.append((schema.get("id", path.name), resource))
        resources.append((f"http://www.popoloproject.com/schemas/{path.name}", resource))
        resources.append((f"http://www.popoloproject.com/schemas/{path.name}#", resource))
    return Registry().with_resources(resources)


def validator_for(name):
    schema = json.loads((SCHEMAS / f"{name}.json").read_text())
    return Draft3Validator(schema, registry=schema_registry())


@pytest.fixture
def structure():
    forum = services.create_body(name="Cumbria Strategic Partnership Forum", kind="forum", established=D(2009, 11, 5))
    clf = services.create_body(name="Cumbria Leadership Forum", kind="board", parent=forum, purpose="Leadership.")
    hidden = services.create_body(name="Confidential task group", kind="task_group", parent=forum, public=False)
    council = OrganisationFactory(name="Allerdale Borough Council", sector="public", tier="district")
    leader = PersonFactory(name="Alan Leader", email="alan.leader@example.org")
    services.add_membership(person=leader, body=clf, organisation=council, role="member",
                            seat="Leader of Allerdale Borough Council", start=D(2009, 11, 5), end=D(2011, 5, 4))
    services.add_membership(person=PersonFactory(name="Secret Person"), body=hidden, start=D(2009, 11, 5))
    return forum, clf, hidden


def test_popolo_json_validates_against_the_official_schemas(client, structure):
    if not SCHEMAS.exists():
        pytest.fail(f"Popolo schemas not found at {SCHEMAS}")
    data = client.get("/data/popolo.json").json()
    checks = {"organizations": "organization", "persons": "person", "memberships": "membership", "posts": "post"}
    for key, schema_name in checks.items():
        assert data[key], f"{key} is empty"
        validator = validator_for(schema_name)
        for item in data[key]:
            errors = sorted(validator.iter_errors(item), key=str)
            assert not errors, f"{key}: {item} – {errors[0].message}"


def test_a_broken_item_fails_the_schema(structure):
    # The validator is not a rubber stamp: a numeric id and a bad date are refused.
    assert list(validator_for("organization").iter_errors({"id": 5, "name": "X"}))
    assert list(validator_for("membership").iter_errors({"start_date": "5 Nov 2009"}))


def test_popolo_holds_the_tree_seats_and_public_fields_only(client, structure):
    forum, clf, hidden = structure
    text = client.get("/data/popolo.json").content.decode()
    data = json.loads(text)
    by_id = {o["id"]: o for o in data["organizations"]}
    assert by_id[f"body/{clf.slug}"]["parent_id"] == f"body/{forum.slug}"
    assert by_id[f"body/{clf.slug}"]["classification"] == "Board or leadership forum"
    membership = data["memberships"][0]
    assert membership["role"] == "Member"
    assert membership["start_date"] == "2009-11-05" and membership["end_date"] == "2011-05-04"
    assert membership["on_behalf_of_id"] == "organisation/allerdale-borough-council"
    assert data["posts"][0]["label"] == "Leader of Allerdale Borough Council"
    assert "Confidential task group" not in text and "Secret Person" not in text
    assert "alan.leader@example.org" not in text


def test_popolo_is_the_public_view_even_for_staff(admin_client, structure):
    assert "Confidential task group" not in admin_client.get("/data/popolo.json").content.decode()
