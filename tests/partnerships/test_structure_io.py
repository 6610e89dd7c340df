import datetime
import io
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from partnerships.models import Body, BodyLink, LinkKind, Membership, Organisation, Person, Role, Sector
from partnerships.services import add_membership, create_body, dissolve_body
from partnerships.structure_io import (
    StructureExportError,
    StructureImportError,
    dump_structure,
    export_structure,
    import_structure,
    load_structure_file,
)
from partnerships.tree import tree_problems
from tests.factories import BodyFactory, BodyLinkFactory, MembershipFactory, OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db

CUMBRIA = Path(__file__).parent / "data" / "structure.yaml"
ROOT = Path(__file__).resolve().parents[2]


def load(text):
    return load_structure_file(io.StringIO(textwrap.dedent(text)))


def errors_of(text):
    with pytest.raises(StructureImportError) as raised:
        import_structure(load(text))
    return raised.value.errors


def database_dump():
    """Every row the import can touch, with the tree's columns, in a comparable form."""
    return {
        "organisations": list(Organisation.objects.order_by("pk").values()),
        "people": list(Person.objects.order_by("pk").values()),
        "bodies": list(Body.objects.order_by("pk").values()),
        "successors": list(Body.successors.through.objects.order_by("pk").values()),
        "memberships": list(Membership.objects.order_by("pk").values()),
        "links": list(BodyLink.objects.order_by("pk").values()),
    }


def tree():
    return [(b.name, b.parent.name if b.parent else None, b.lft, b.rght, b.level) for b in Body.objects.all()]


def row_counts():
    return [model.objects.count() for model in (Organisation, Person, Body, Membership, BodyLink)]


def empty_database():
    BodyLink.objects.all().delete()
    Membership.objects.all().delete()
    Body.successors.through.objects.all().delete()
    Body.objects.update(parent=None)
    Body.objects.all().delete()
    Person.objects.all().delete()
    Organisation.objects.all().delete()


# A valid import ---------------------------------------------------------------------------------


def test_import_creates_the_cumbria_structure():
    result = import_structure(load_structure_file(CUMBRIA))

    assert (result.created["organisations"], result.created["people"], result.created["bodies"],
            result.created["memberships"], result.created["links"]) == (4, 4, 7, 4, 2)
    assert result.summary() == (
        "created 4 organisations, 4 people, 7 bodies, 4 memberships, 2 links; updated 0; unchanged 0"
    )
    assert tree_problems() == []
    assert [(name, parent, level) for name, parent, _, _, level in tree()] == [
        ("Cumbria Strategic Partnership Forum", None, 0),
        ("Cumbria Leadership Forum", "Cumbria Strategic Partnership Forum", 1),
        ("Cumbria Chief Executives Group", "Cumbria Leadership Forum", 2),
        ("Thematic Partnerships and LSP Joint Chairs Group", "Cumbria Leadership Forum", 2),
        ("Safer and Stronger Communities", "Thematic Partnerships and LSP Joint Chairs Group", 3),
        ("Children and Young People", "Thematic Partnerships and LSP Joint Chairs Group", 3),
        ("Cumbria Executive Board", None, 0),
    ]
    forum = Body.objects.get(name="Cumbria Strategic Partnership Forum")
    assert forum.roles == (
        "Contribute to development of the vision and priorities for Cumbria\n"
        "Forum for debate on key issues through Focus On events and Deep Dives"
    )
    assert forum.established == datetime.date(2009, 11, 5) and forum.meets_every_months == 6
    leadership = Body.objects.get(name="Cumbria Leadership Forum")
    # Given as a plain block of text with bullets, stored one role per line.
    assert leadership.roles == (
        "Provide leadership to promote the interests of Cumbria\nEndorse a single Community Strategy for Cumbria"
    )
    assert (leadership.size_min, leadership.size_max, leadership.slug) == (12, 15, "cumbria-leadership-forum")
    assert Body.objects.get(name="Children and Young People").public is False
    assert list(Body.objects.get(name="Cumbria Executive Board").successors.all()) == [leadership]
    chair = Membership.objects.get(role=Role.CHAIR)
    assert (chair.person.name, chair.organisation.name, chair.designated_deputy.name, chair.voting, chair.end) == (
        "Ann Example", "Allerdale Borough Council", "Bob Example", True, None
    )
    calc = Membership.objects.get(person__name="Dev Example")
    assert (calc.voting, calc.end, calc.role) == (False, datetime.date(2010, 3, 31), Role.MEMBER)
    assert Organisation.objects.get(name="NHS Cumbria").tier == ""
    assert Person.objects.get(name="Ann Example").email == "ann@example.org"
    assert BodyLink.objects.filter(kind=LinkKind.HOLDS_TO_ACCOUNT, to_body__name="Safer and Stronger Communities").exists()


def test_importing_the_same_file_twice_changes_nothing():
    import_structure(load_structure_file(CUMBRIA))
    before, tree_before = database_dump(), tree()

    result = import_structure(load_structure_file(CUMBRIA))

    assert not result.changed
    assert result.summary() == "no changes; unchanged 21"
    assert database_dump() == before
    assert tree() == tree_before


def test_an_edited_file_updates_matching_rows_and_deletes_nothing():
    import_structure(load_structure_file(CUMBRIA))
    other = BodyFactory(name="Allerdale LSP")

    result = import_structure(load("""
        people:
        - name: Bob Example
          email: bob@example.org
        bodies:
        - name: Cumbria Leadership Forum
          kind: board
          size_min: 10
          size_max: 15
        memberships:
        - body: Cumbria Chief Executives Group
          person: Dev Example
          organisation: Cumbria Association of Local Councils
          seat: CE of CALC
          voting: false
          start: 2009-11-05
    """))

    assert result.summary() == "created 0; updated 1 person, 1 body, 1 membership; unchanged 0"
    assert Person.objects.get(name="Bob Example").email == "bob@example.org"
    leadership = Body.objects.get(name="Cumbria Leadership Forum")
    # Top-level in this file, so a root now; what the file leaves out is left alone.
    assert (leadership.parent, leadership.size_min, leadership.layer, leadership.roles) == (None, 10, "", "")
    assert Membership.objects.get(person__name="Dev Example").end is None
    assert row_counts() == [4, 4, 8, 4, 2]
    assert Body.objects.filter(pk=other.pk).exists()
    assert tree_problems() == []


def test_the_file_sets_sibling_order_and_other_bodies_keep_their_place():
    import_structure(load("""
        bodies:
        - name: Board
          kind: board
          children: [{name: A, kind: thematic}, {name: B, kind: thematic}, {name: C, kind: thematic}]
    """))
    create_body(name="Not in the file", kind="task_group", parent=Body.objects.get(name="A"))
    outsider = create_body(name="Outsider", kind="thematic", parent=Body.objects.get(name="Board"))
    assert [b.name for b in Body.objects.get(name="Board").get_children()] == ["A", "B", "C", "Outsider"]

    result = import_structure(load("""
        bodies:
        - name: Board
          kind: board
          children: [{name: C, kind: thematic}, {name: A, kind: thematic}, {name: New, kind: thematic},
                     {name: B, kind: thematic}]
    """))

    # The outsider followed C, and still does.
    assert [b.name for b in Body.objects.get(name="Board").get_children()] == ["C", "Outsider", "A", "New", "B"]
    assert Body.objects.get(name="Not in the file").parent.name == "A"
    # A, B and C each changed place among the siblings they had.
    assert (result.created["bodies"], result.updated["bodies"], result.unchanged["bodies"]) == (1, 3, 1)
    assert Body.objects.get(pk=outsider.pk).parent.name == "Board"
    assert tree_problems() == []


def test_rows_already_in_the_database_can_be_referred_to_by_name():
    body, person = BodyFactory(name="Copeland Partnership"), PersonFactory(name="Eve Example")
    OrganisationFactory(name="Copeland Borough Council", tier="district")
    data = load("""
        organisations:
        - name: Friends of the Lakes
          sector: voluntary
          tier: parish
        memberships:
        - body: Copeland Partnership
          person: Eve Example
          organisation: Copeland Borough Council
          start: 2010-04-01
        links:
        - from: Copeland Partnership
          to: Copeland Partnership Conference
          kind: reports_to
        bodies:
        - name: Copeland Partnership Conference
          kind: conference
    """)

    import_structure(data)

    assert Membership.objects.get(body=body, person=person).organisation.name == "Copeland Borough Council"
    # A tier on an organisation that is not a council is allowed.
    assert Organisation.objects.get(name="Friends of the Lakes").tier == "parish"
    assert BodyLink.objects.get().to_body.name == "Copeland Partnership Conference"


def test_a_seat_can_be_handed_over_in_the_same_file():
    """The outgoing holder's seat is shortened before the incoming holder's is checked."""
    body = BodyFactory(name="Executive")
    MembershipFactory(body=body, person=PersonFactory(name="Old Chair"), seat="Chair", role=Role.CHAIR,
                      start=datetime.date(2008, 1, 1), organisation=None)

    result = import_structure(load("""
        memberships:
        - body: Executive
          person: New Chair
          role: chair
          seat: Chair
          start: 2010-01-01
        - body: Executive
          person: Old Chair
          role: chair
          seat: Chair
          start: 2008-01-01
          end: 2009-12-31
        people:
        - name: New Chair
    """))

    assert (result.created["memberships"], result.updated["memberships"]) == (1, 1)
    assert Membership.objects.get(person__name="Old Chair").end == datetime.date(2009, 12, 31)


def test_a_body_dissolved_by_the_file_has_its_seats_ended_the_day_before():
    """As services.dissolve_body does: the file's own seats and those it does not list."""
    body = BodyFactory(name="West Cumbria Partnership", kind="locality")
    listed = MembershipFactory(body=body, person=PersonFactory(name="Listed Member"), start=datetime.date(2008, 1, 1))
    unlisted = MembershipFactory(body=body, person=PersonFactory(name="Unlisted Member"), start=datetime.date(2008, 1, 1))
    ended_earlier = MembershipFactory(body=body, start=datetime.date(2008, 1, 1), end=datetime.date(2009, 6, 30))
    text = """
        bodies:
        - name: West Cumbria Partnership
          kind: locality
          dissolved: 2010-04-01
        memberships:
        - body: West Cumbria Partnership
          person: Listed Member
          role: member
          start: 2008-01-01
    """

    import_structure(load(text))

    ends = dict(Membership.objects.values_list("pk", "end"))
    assert ends[listed.pk] == ends[unlisted.pk] == datetime.date(2010, 3, 31)
    assert ends[ended_earlier.pk] == datetime.date(2009, 6, 30)
    assert not import_structure(load(text)).changed  # the same file again changes nothing


def test_a_seat_starting_after_the_files_dissolution_is_reported():
    body = BodyFactory(name="West Cumbria Partnership", kind="locality")
    MembershipFactory(body=body, person=PersonFactory(name="Late Member"), start=datetime.date(2010, 6, 1))

    errors = errors_of("""
        bodies:
        - name: West Cumbria Partnership
          kind: locality
          dissolved: 2010-04-01
    """)

    assert errors == ["bodies[0].dissolved: Late Member holds a seat on it from 2010-06-01: dissolve it after that"]
    assert Body.objects.get(pk=body.pk).dissolved is None


def test_roles_written_with_bullets_are_not_rewritten_by_a_matching_file():
    body = BodyFactory(name="Executive", roles="- Agree the plan\r\n- Review risks")

    result = import_structure(load("""
        bodies:
        - name: Executive
          kind: thematic
          roles: [Agree the plan, Review risks]
    """))

    assert not result.changed
    assert Body.objects.get(pk=body.pk).roles == "- Agree the plan\r\n- Review risks"


def test_a_dry_run_reports_changes_and_writes_nothing():
    result = import_structure(load_structure_file(CUMBRIA), dry_run=True)

    assert result.created["bodies"] == 7
    assert result.summary().startswith("dry run, nothing written: created 4 organisations")
    assert row_counts() == [0, 0, 0, 0, 0]


# Errors -------------------------------------------------------------------------------------------

THREE_BODIES = """
    bodies:
    - {name: Forum, kind: forum}
    - {name: Board, kind: board}
    - name: Executive
      kind: executive
      children:
      - {name: Task group, kind: %s}
"""


@pytest.mark.parametrize("text, expected", [
    (THREE_BODIES % "boardd", "bodies[2].children[0].kind: unknown kind 'boardd'"),
    ("bodies: [{name: A, kind: board, colour: red}]", "bodies[0].colour: unknown key"),
    ("bodies: []\ncolours: [red]", "colours: unknown key"),
    ("bodies: [{kind: board}]", "bodies[0].name: missing required key"),
    ("bodies: [{name: A}]", "bodies[0].kind: missing required key"),
    ("bodies: [{name: '', kind: board}]", "bodies[0].name: must not be empty"),
    ("bodies: [{name: A, kind: board, layer: top}]", "bodies[0].layer: unknown layer 'top'"),
    ("bodies: [{name: A, kind: board, public: yes please}]", "bodies[0].public: expected true or false, got 'yes please'"),
    ("bodies: [{name: A, kind: board, size_min: ten}]",
     "bodies[0].size_min: expected a whole number from 0 to 32767, got 'ten'"),
    ("bodies: [{name: A, kind: board, size_min: 12, size_max: 8}]", "bodies[0].size_max: 8 is below size_min 12"),
    ("bodies: [{name: A, kind: board, established: 2009-13-01}]",
     "bodies[0].established: '2009-13-01' is not a date (YYYY-MM-DD)"),
    ("bodies: [{name: A, kind: board, established: '5 Nov 2009'}]",
     "bodies[0].established: '5 Nov 2009' is not a date (YYYY-MM-DD)"),
    ("bodies: [{name: A, kind: board, established: 2009-11-05, dissolved: 2009-11-05}]",
     "bodies[0].dissolved: 2009-11-05 is not after established 2009-11-05"),
    ("bodies: [{name: A, kind: board, successors: [A]}]", "bodies[0].successors[0]: a body cannot succeed itself"),
    ("bodies: [{name: A, kind: board, successors: [B]}]", "bodies[0].successors[0]: unknown body 'B'"),
    ("bodies: [{name: A, kind: board, roles: {a: 1}}]", "bodies[0].roles: expected a list of roles or text, got a mapping"),
    ("bodies: [{name: A, kind: board, children: [{name: A, kind: board}]}]",
     "bodies[0].children[0].name: duplicate name 'A'"),
    ("bodies: {name: A}", "bodies: expected a list, got a mapping"),
    ("bodies: [Forum]", "bodies[0]: expected a mapping, got 'Forum'"),
    ("people: [{name: P}, {name: Q}, {name: X}, {name: X}]", "people[3].name: duplicate name 'X'"),
    ("people: [{email: p@example.org}]", "people[0].name: missing required key"),
    ("people: [{name: P, email: not-an-address}]", "people[0].email: Enter a valid email address."),
    ("organisations: [{sector: public}]", "organisations[0].name: missing required key"),
    ("organisations: [{name: O}]", "organisations[0].sector: missing required key"),
    ("organisations: [{name: O, sector: private}]", "organisations[0].sector: unknown sector 'private'"),
    ("organisations: [{name: O, sector: public, tier: town}]", "organisations[0].tier: unknown tier 'town'"),
    ("links: [{to: A, kind: advises}]", "links[0].from: missing required key"),
    ("links: [{from: A, kind: advises}]", "links[0].to: missing required key"),
    ("links: [{from: A, to: B}]", "links[0].kind: missing required key"),
    ("links: [{from: A, to: A, kind: advises}]\nbodies: [{name: A, kind: board}]",
     "links[0].to: a body cannot be linked to itself"),
    ("links: [{from: A, to: Nowhere, kind: advises}]\nbodies: [{name: A, kind: board}]",
     "links[0].to: unknown body 'Nowhere'"),
    ("links: [{from: A, to: B, kind: funds}]\nbodies: [{name: A, kind: board}, {name: B, kind: board}]",
     "links[0].kind: unknown link kind 'funds'"),
])
def test_each_error_is_reported_at_its_location(text, expected):
    assert expected in errors_of(text)


MEMBERSHIPS = """
    bodies: [{name: Board, kind: board}]
    people: [{name: Ann}, {name: Bob}]
    organisations: [{name: Council, sector: public, tier: county}]
    memberships:
    - {body: Board, person: Ann, start: 2010-01-01}
    - {body: Board, person: Bob, start: 2010-01-01}
    - {body: Board, person: Ann, role: chair, start: 2010-01-01}
    - {body: Board, person: Bob, role: chair, start: 2010-01-01}
    - {body: Board, person: Ann, role: officer, start: 2010-01-01}
    - %s
"""


@pytest.mark.parametrize("membership, expected", [
    ("{body: Board, person: Jane Doe, start: 2010-01-01}", "memberships[5].person: unknown person 'Jane Doe'"),
    ("{body: Nowhere, person: Ann, start: 2010-01-01}", "memberships[5].body: unknown body 'Nowhere'"),
    ("{body: Board, person: Ann, organisation: Parish, start: 2010-01-01}",
     "memberships[5].organisation: unknown organisation 'Parish'"),
    ("{body: Board, person: Ann, deputy: Zed, role: observer, start: 2010-01-01}",
     "memberships[5].deputy: unknown person 'Zed'"),
    ("{body: Board, person: Ann, deputy: Ann, role: observer, start: 2010-01-01}",
     "memberships[5].deputy: 'Ann' cannot be their own deputy"),
    ("{body: Board, person: Ann, role: observer, start: 2010-01-01, end: 2009-01-01}",
     "memberships[5].end: 2009-01-01 is before start 2010-01-01"),
    ("{body: Board, person: Ann, role: boss, start: 2010-01-01}", "memberships[5].role: unknown role 'boss'"),
    ("{person: Ann, start: 2010-01-01}", "memberships[5].body: missing required key"),
    ("{body: Board, start: 2010-01-01}", "memberships[5].person: missing required key"),
    ("{body: Board, person: Ann, role: observer}", "memberships[5].start: missing required key"),
    ("{body: Board, person: Ann, role: observer, start: 2010-01-01 09:00:00}",
     "memberships[5].start: 2010-01-01 09:00:00 is not a date (YYYY-MM-DD)"),
    ("{body: Board, person: Ann, role: observer, voting: 1, start: 2010-01-01}",
     "memberships[5].voting: expected true or false, got 1"),
    ("{body: Board, person: Ann, start: 2010-01-01}",
     "memberships[5]: the same body, person, role, seat and start as memberships[0]"),
])
def test_each_membership_error_is_reported_at_its_location(membership, expected):
    assert expected in errors_of(MEMBERSHIPS % membership)


def test_a_seat_held_twice_in_the_file_is_reported():
    errors = errors_of("""
        bodies: [{name: Board, kind: board}]
        people: [{name: Ann Example}, {name: Bob Example}]
        memberships:
        - {body: Board, person: Ann Example, seat: Leader of the Council, start: 2009-01-01, end: 2010-06-30}
        - {body: Board, person: Bob Example, seat: leader of the council, start: 2010-06-30}
    """)

    assert errors == [
        'memberships[1].seat: The seat "leader of the council" is already held by Ann Example from '
        "1 January 2009 until 30 June 2010."
    ]


def test_a_seat_already_held_in_the_database_is_reported():
    MembershipFactory(body=BodyFactory(name="Board"), person=PersonFactory(name="Ann Example"),
                      seat="Chair of NHS Cumbria", start=datetime.date(2009, 1, 1))

    errors = errors_of("""
        people: [{name: Bob Example}]
        memberships:
        - {body: Board, person: Bob Example, seat: Chair of NHS Cumbria, start: 2011-01-01}
    """)

    assert errors == [
        'memberships[0].seat: The seat "Chair of NHS Cumbria" is already held by Ann Example from '
        "1 January 2009 with no end date."
    ]


def test_a_name_shared_by_two_people_in_the_database_is_ambiguous():
    BodyFactory(name="Board")
    PersonFactory(name="John Smith", slug="john-smith"), PersonFactory(name="John Smith", slug="john-smith-2")

    assert errors_of("memberships: [{body: Board, person: John Smith, start: 2010-01-01}]") == [
        "memberships[0].person: 2 people in the database are named 'John Smith'; "
        "rename one so the file can tell them apart"
    ]


def test_every_error_is_reported_in_file_order():
    errors = errors_of("""
        organisations: [{name: O, sector: private}]
        bodies:
        - {name: A, kind: board, colour: red}
        - {name: A, kind: board}
        memberships: [{body: A, person: Nobody, start: 2010-01-01}]
    """)

    assert errors == [
        "organisations[0].sector: unknown sector 'private'",
        "bodies[0].colour: unknown key",
        "bodies[1].name: duplicate name 'A'",
        "memberships[0].person: unknown person 'Nobody'",
    ]


@pytest.mark.parametrize("text, expected", [
    ("bodies:\n- name: A\n  kind: board\n kind: forum\n",
     "line 4, column 2: not valid YAML: expected <block end>, but found '<block mapping start>'"),
    ("bodies:\n- name: A\n  name: B\n", "line 3, column 3: not valid YAML: duplicate key 'name'"),
    ("- name: A\n", "line 1: expected a mapping with the keys organisations, people, bodies, memberships, links; got a list"),
    ("# nothing here\n", "line 1: the file is empty"),
])
def test_a_file_that_is_not_a_structure_mapping_is_reported_with_its_line(text, expected):
    with pytest.raises(StructureImportError) as raised:
        load_structure_file(io.StringIO(text))

    assert raised.value.errors == [expected]


def test_import_of_data_that_is_not_a_mapping_is_an_error():
    with pytest.raises(StructureImportError) as raised:
        import_structure(["bodies"])

    assert raised.value.errors == [
        "top level: expected a mapping with the keys organisations, people, bodies, memberships, links; got a list"
    ]


def test_nothing_is_written_when_the_file_has_an_error():
    import_structure(load_structure_file(CUMBRIA))
    before = database_dump()
    text = CUMBRIA.read_text() + "- {from: Cumbria Leadership Forum, to: Cumbria Leadership Forum, kind: advises}\n"
    text = text.replace("ann@example.org", "ann@new.example.org").replace("- name: Dev Example", "- name: Eve")

    with pytest.raises(StructureImportError) as raised:
        import_structure(load(text))

    assert raised.value.errors == ["links[2].to: a body cannot be linked to itself"]
    assert database_dump() == before


# Export -------------------------------------------------------------------------------------------


def build_structure_by_hand():
    council = OrganisationFactory(name="Copeland Borough Council", slug="copeland", tier="district")
    ann, bob = PersonFactory(name="Ann Ésmé"), PersonFactory(name="Bob Example", email="bob@example.org")
    # Created out of alphabetical order, so tree order and name order differ.
    west = create_body(name="West Cumbria Partnership", kind="board", established=datetime.date(2005, 1, 1),
                       purpose="Regeneration of West Cumbria.\nDissolved in 2009.\n")
    conference = create_body(name="Copeland Partnership Conference", kind="conference", layer="strategic",
                             meets_every_months=6, roles="· Agree the plan\n· Hear from localities")
    for name in ("Whitehaven", "Egremont", "Cleator Moor"):
        create_body(name=name, kind="locality", parent=conference, public=name != "Egremont")
    add_membership(body=west, person=ann, organisation=council, role=Role.CHAIR, seat="Chair",
                   start=datetime.date(2005, 1, 1), designated_deputy=bob)
    add_membership(body=conference, person=bob, role=Role.OFFICER, voting=False, start=datetime.date(2009, 4, 1))
    add_membership(body=conference, person=ann, start=datetime.date(2009, 4, 1))
    dissolve_body(body=west, on=datetime.date(2009, 4, 1), successors=[conference])
    BodyLinkFactory(from_body=Body.objects.get(name="Egremont"), to_body=conference, kind=LinkKind.REPORTS_TO)
    BodyLinkFactory(from_body=conference, to_body=Body.objects.get(name="Whitehaven"), kind=LinkKind.SUPPORTS)


def test_export_lists_the_structure_in_tree_order():
    build_structure_by_hand()

    data = export_structure()

    assert [b["name"] for b in data["bodies"]] == ["West Cumbria Partnership", "Copeland Partnership Conference"]
    west, conference = data["bodies"]
    assert west == {
        "name": "West Cumbria Partnership", "kind": "board", "layer": "", "purpose": "Regeneration of West Cumbria.\nDissolved in 2009.\n",
        "roles": [], "established": "2005-01-01", "dissolved": "2009-04-01", "public": True,
        "successors": ["Copeland Partnership Conference"],
    }
    assert conference["roles"] == ["Agree the plan", "Hear from localities"]
    assert [c["name"] for c in conference["children"]] == ["Whitehaven", "Egremont", "Cleator Moor"]
    assert data["memberships"][0] == {
        "body": "West Cumbria Partnership", "person": "Ann Ésmé", "organisation": "Copeland Borough Council",
        "role": "chair", "seat": "Chair", "voting": True, "start": "2005-01-01", "end": "2009-03-31",
        "deputy": "Bob Example",
    }
    assert data["organisations"] == [{"name": "Copeland Borough Council", "sector": Sector.PUBLIC, "tier": "district"}]
    assert data["people"] == [{"name": "Ann Ésmé"}, {"name": "Bob Example", "email": "bob@example.org"}]
    assert data["links"] == [
        {"from": "Copeland Partnership Conference", "to": "Whitehaven", "kind": "supports"},
        {"from": "Egremont", "to": "Copeland Partnership Conference", "kind": "reports_to"},
    ]


def test_export_then_import_round_trips_byte_for_byte():
    build_structure_by_hand()
    text = dump_structure(export_structure())
    assert "Ann Ésmé" in text and "purpose: |\n" in text

    assert not import_structure(load_structure_file(io.StringIO(text))).changed
    empty_database()
    import_structure(load_structure_file(io.StringIO(text)))

    assert dump_structure(export_structure()) == text
    assert tree_problems() == []


def test_export_refuses_people_it_cannot_tell_apart():
    PersonFactory(name="John Smith", slug="john-smith"), PersonFactory(name="John Smith", slug="john-smith-2")

    with pytest.raises(StructureExportError) as raised:
        export_structure()

    assert raised.value.errors == [
        "people: 2 people are named 'John Smith'; rename one so the file can tell them apart"
    ]


def test_export_refuses_a_membership_recorded_twice():
    first = MembershipFactory(body=BodyFactory(name="Board"), person=PersonFactory(name="Ann Example"))
    MembershipFactory(body=first.body, person=first.person, organisation=first.organisation)

    with pytest.raises(StructureExportError) as raised:
        export_structure()

    assert raised.value.errors == [
        "memberships: Ann Example is recorded twice as member of Board from 2009-01-01 with seat ''; "
        "remove one so the file can tell them apart"
    ]


# Commands -----------------------------------------------------------------------------------------


def test_import_command_prints_a_summary_then_no_changes(tmp_path):
    out = io.StringIO()
    call_command("import_structure", str(CUMBRIA), stdout=out)
    call_command("import_structure", str(CUMBRIA), stdout=out)

    assert out.getvalue().splitlines() == [
        "created 4 organisations, 4 people, 7 bodies, 4 memberships, 2 links; updated 0; unchanged 0",
        "no changes; unchanged 21",
    ]


def test_import_command_prints_each_error_and_fails(tmp_path):
    path = tmp_path / "structure.yaml"
    path.write_text("bodies:\n- {name: A, kind: boardd}\n- {name: B, kind: board, colour: red}\n")
    err = io.StringIO()

    with pytest.raises(CommandError, match="2 errors in .*: nothing was imported"):
        call_command("import_structure", str(path), stderr=err)

    assert err.getvalue().splitlines() == ["bodies[0].kind: unknown kind 'boardd'", "bodies[1].colour: unknown key"]
    assert Body.objects.count() == 0


def test_import_command_reports_a_missing_file(tmp_path):
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_structure", str(tmp_path / "missing.yaml"), stderr=err)

    assert err.getvalue() == f"{tmp_path / 'missing.yaml'}: No such file or directory\n"


def test_export_command_writes_the_structure_file(tmp_path):
    build_structure_by_hand()
    out = io.StringIO()

    call_command("export_structure", stdout=out)
    call_command("export_structure", "--output", str(tmp_path / "out.yaml"))

    assert out.getvalue() == dump_structure(export_structure())
    assert (tmp_path / "out.yaml").read_text(encoding="utf-8") == out.getvalue()


def test_export_command_fails_when_the_structure_cannot_be_exported():
    PersonFactory(name="John Smith", slug="john-smith"), PersonFactory(name="John Smith", slug="john-smith-2")
    err = io.StringIO()

    with pytest.raises(CommandError):
        call_command("export_structure", stdout=io.StringIO(), stderr=err)

    assert "people: 2 people are named 'John Smith'" in err.getvalue()


def test_import_command_exits_non_zero_from_the_shell(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("bodies:\n  - name: [unclosed\n")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.test_settings",
           "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}"}

    run = subprocess.run([sys.executable, "manage.py", "import_structure", str(path)], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=60)

    assert run.returncode == 1
    assert run.stderr.splitlines()[0].startswith("line 3, column 1: not valid YAML")
    assert "Traceback" not in run.stderr


# Writing in bulk ----------------------------------------------------------------------------------


def test_imported_memberships_keep_their_audit_trail():
    import_structure(load_structure_file(CUMBRIA))
    created = Membership.objects.count()

    assert Membership.history.filter(history_type="+").count() == created
    text = CUMBRIA.read_text().replace("  start: 2009-11-05\n", "  start: 2009-11-05\n  end: 2011-03-31\n", 1)
    assert text != CUMBRIA.read_text()
    result = import_structure(load(text))

    assert result.updated["memberships"] == 1
    changed = Membership.history.get(history_type="~")
    assert changed.end == datetime.date(2011, 3, 31)
    assert Membership.history.count() == created + 1


def test_an_imported_seat_gives_its_holder_access_at_once():
    from django.contrib.auth import get_user_model

    from partnerships.policy import body_policy

    user = get_user_model().objects.create_user(username="ann@example.org", email="ann@example.org")
    PersonFactory(name="Ann Login", user=user)

    import_structure(load("""
        bodies: [{name: Private Board, kind: board, public: false}]
        memberships: [{body: Private Board, person: Ann Login, start: 2009-01-01}]
    """))

    assert body_policy.can_view(user, Body.objects.get(name="Private Board"))


def generated_file(bodies):
    """A structure file of `bodies` boards, each with two seats, as text."""
    lines = ["people:"] + [f"- {{name: Person {n}}}" for n in range(bodies * 2)]
    lines += ["bodies:", "- name: Root", "  kind: forum", "  children:"]
    lines += [f"  - {{name: Board {n}, kind: board, successors: []}}" for n in range(bodies)]
    lines += ["memberships:"] + [
        f"- {{body: Board {n // 2}, person: Person {n}, seat: Seat {n % 2}, start: 2009-01-01}}"
        for n in range(bodies * 2)
    ]
    return "\n".join(lines) + "\n"


def test_the_import_costs_the_same_queries_whatever_the_size_of_the_file():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    # Up to the rows one INSERT may carry (SQLite allows 999 parameters), then one per batch.
    for size in (5, 30):
        empty_database()
        with CaptureQueriesContext(connection) as fresh:
            import_structure(load(generated_file(size)))
        with CaptureQueriesContext(connection) as again:
            assert not import_structure(load(generated_file(size))).changed
        counts.append((len(fresh), len(again)))
        assert tree_problems() == []

    assert counts[0] == counts[1]
