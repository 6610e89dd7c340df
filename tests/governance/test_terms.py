"""Terms of reference (governance/terms/services.py): versions, immutability of approved text,
superseding, the constitution at the root body, overdue reviews and comparing versions."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from governance.models import TermsKind, TermsOfReference, TermsStatus
from governance.terms.demo import load_demo_terms
from governance.terms.services import (
    ADDED,
    CHANGED,
    REMOVED,
    SAME,
    approve,
    diff_versions,
    line_diff,
    overdue_reviews,
    save_draft,
    start_draft,
    word_diff,
)
from partnerships import services

from .factories import make_terms

pytestmark = pytest.mark.django_db
D = datetime.date

# Seed 002, Appendix Three (Carlisle Partnership Executive, 16/08/06).
ATTENDANCE_COMMITMENT = (
    "A commitment to attending all Executive meetings or sending a nominated deputy. If partners (or their "
    "deputy) do not attend a minimum of two out of every four meetings their position on the Executive will be "
    "reviewed."
)


@pytest.fixture
def forum():
    return services.create_body(name="Carlisle Partnership", kind="forum")


@pytest.fixture
def executive(forum):
    return services.create_body(
        name="Carlisle Partnership Executive", kind="executive", parent=forum,
        purpose="To fulfil the Leadership functions of the Carlisle LSP.", roles="Prepare the Community Plan\nReview it",
    )


def test_a_first_draft_starts_from_the_bodys_purpose_and_roles(executive):
    draft = start_draft(executive)
    assert (draft.version, draft.status, draft.kind) == (1, TermsStatus.DRAFT, TermsKind.TERMS)
    assert draft.concept == executive.purpose
    assert draft.entries("primary_tasks") == ["Prepare the Community Plan", "Review it"]


def test_a_new_draft_copies_the_text_in_force_and_takes_the_next_number(executive):
    v1 = make_terms(executive, approved_on="2006-08-16", member_expectations=ATTENDANCE_COMMITMENT)
    draft = start_draft(executive)
    assert draft.version == 2
    assert draft.member_expectations == ATTENDANCE_COMMITMENT
    assert draft.concept == v1.concept
    assert TermsOfReference.objects.get(pk=v1.pk).status == TermsStatus.APPROVED


def test_a_body_has_one_draft_at_a_time(executive):
    first = start_draft(executive)
    with pytest.raises(ValidationError, match="already has a draft \\(version 1\\)"):
        start_draft(executive)
    assert list(executive.terms_of_reference.values_list("pk", flat=True)) == [first.pk]


def test_approved_text_is_immutable(executive):
    v1 = make_terms(executive, approved_on="2006-08-16", meeting_frequency="To meet monthly.")
    with pytest.raises(ValidationError) as error:
        save_draft(v1, meeting_frequency="To meet quarterly.")
    assert error.value.code == "immutable"
    assert "approved on 16 August 2006" in error.value.messages[0]
    assert TermsOfReference.objects.get(pk=v1.pk).meeting_frequency == "To meet monthly."
    with pytest.raises(ValidationError):
        approve(v1, on=D(2007, 1, 1))


def test_a_stale_copy_of_an_approved_version_cannot_be_edited(executive):
    """Two officers: one approves while the other still has the draft open."""
    draft = make_terms(executive)
    stale = TermsOfReference.objects.get(pk=draft.pk)
    approve(draft, on=D(2006, 8, 16))
    with pytest.raises(ValidationError, match="cannot be changed"):
        save_draft(stale, concept="Changed behind the approval's back.")


def test_approving_supersedes_the_version_in_force(executive):
    v1 = make_terms(executive, approved_on="2006-08-16")
    v2 = make_terms(executive, approved_on="2009-11-17", concept="Revisited.")
    v1.refresh_from_db()
    assert (v1.status, v1.superseded_on) == (TermsStatus.SUPERSEDED, D(2009, 11, 17))
    assert (v2.status, v2.approved_on) == (TermsStatus.APPROVED, D(2009, 11, 17))
    assert executive.terms_of_reference.filter(status=TermsStatus.APPROVED).get() == v2


def test_the_database_keeps_one_approved_version_per_body(executive):
    make_terms(executive, approved_on="2006-08-16")
    with pytest.raises(IntegrityError), transaction.atomic():
        TermsOfReference.objects.create(
            body=executive, version=2, status=TermsStatus.APPROVED, approved_on=D(2007, 1, 1), concept="x"
        )


@pytest.mark.parametrize(
    ("on", "review_due", "field", "message"),
    [
        (None, None, "approved_on", "Give the date"),
        (D(2999, 1, 1), None, "approved_on", "in the future"),
        (D(2006, 8, 1), None, "approved_on", "cannot be approved before it"),
        (D(2009, 11, 17), D(2009, 11, 17), "review_due", "after the approval date"),
    ],
)
def test_approval_needs_a_sensible_date(executive, on, review_due, field, message):
    make_terms(executive, approved_on="2006-08-16")
    draft = make_terms(executive, concept="Revisited.")
    with pytest.raises(ValidationError) as error:
        approve(draft, on=on, review_due=review_due)
    assert message in " ".join(error.value.message_dict[field])
    draft.refresh_from_db()
    assert draft.status == TermsStatus.DRAFT
    assert executive.terms_of_reference.get(version=1).status == TermsStatus.APPROVED


def test_approval_needs_a_concept(executive):
    draft = start_draft(executive)
    save_draft(draft, concept="   ")
    with pytest.raises(ValidationError) as error:
        approve(draft, on=D(2006, 8, 16))
    assert "needs a concept" in error.value.message_dict["concept"][0]


def test_approved_at_a_meeting_on_another_day_is_refused(executive):
    from meetings.models import Meeting

    meeting = Meeting.objects.create(body=executive, starts_at=datetime.datetime(2009, 11, 17, 10, tzinfo=datetime.UTC))
    draft = make_terms(executive)
    with pytest.raises(ValidationError, match="That meeting was on 17 November 2009"):
        approve(draft, on=D(2009, 11, 18), at_meeting=meeting)
    approve(draft, on=D(2009, 11, 17), at_meeting=meeting)
    draft.refresh_from_db()
    assert (draft.approved_at_meeting, draft.approved_by_body) == (meeting, executive)


def test_a_constitution_belongs_only_to_the_root_body(forum, executive):
    with pytest.raises(ValidationError, match="Only the partnership's root body can have a constitution"):
        start_draft(executive, kind=TermsKind.CONSTITUTION)
    draft = start_draft(executive)
    with pytest.raises(ValidationError, match="root body"):
        save_draft(draft, kind=TermsKind.CONSTITUTION)
    constitution = make_terms(forum, kind=TermsKind.CONSTITUTION, approved_on="2009-11-05")
    assert constitution.is_constitution and constitution.status == TermsStatus.APPROVED


def test_overdue_reviews_are_approved_versions_past_their_review_date(forum, executive, django_assert_num_queries):
    groups = [services.create_body(name=f"Priority group {i}", kind="thematic", parent=forum) for i in range(3)]
    overdue = make_terms(executive, approved_on="2006-08-16", review_due=D(2007, 8, 16))
    make_terms(groups[0], approved_on="2006-08-16", review_due=D(2099, 1, 1))  # not yet due
    make_terms(groups[1], approved_on="2006-08-16")  # no review date
    old = make_terms(groups[2], approved_on="2006-08-16", review_due=D(2007, 8, 16))
    make_terms(groups[2], approved_on="2009-11-17")  # superseded the overdue one
    with django_assert_num_queries(1):
        found = [(tor.body.name, tor.version) for tor in overdue_reviews()]
    assert found == [(executive.name, overdue.version)]
    assert overdue_reviews(on=D(2007, 8, 16)).count() == 0
    assert old.pk not in overdue_reviews(on=D(2008, 1, 1)).values_list("pk", flat=True)
    assert overdue.review_overdue and not groups[0].terms_of_reference.get().review_overdue


def test_word_diff_marks_only_the_words_that_changed():
    pieces = word_diff("To meet monthly.", "To meet every two months.")
    assert [(p.kind, p.text) for p in pieces] == [
        (SAME, "To meet "), (REMOVED, "monthly."), (ADDED, "every two months."),
    ]


def test_line_diff_pairs_edited_lines_and_lists_added_and_removed_ones():
    old = "Prepare the Community Plan\nCo-ordinate consultation\nChampion Carlisle"
    new = "Prepare and review the Community Plan\nChampion Carlisle\nIdentify gaps in partnership activity"
    lines = line_diff(old, new)
    assert [line.kind for line in lines] == [CHANGED, REMOVED, SAME, ADDED]
    assert [(p.kind, p.text) for p in lines[0].pieces if p.kind != SAME] == [(ADDED, " and review")]
    assert lines[1].pieces[0].text == "Co-ordinate consultation"
    assert lines[3].pieces[0].text == "Identify gaps in partnership activity"


def test_diff_versions_covers_every_field_in_document_order(executive):
    v1 = make_terms(executive, approved_on="2006-08-01", meeting_frequency="To meet monthly.",
                    primary_tasks="Table items\nDelegate actions")
    v2 = make_terms(executive, approved_on="2009-11-17", meeting_frequency="To meet monthly.",
                    primary_tasks="Table items\nDelegate actions\nTake on the stronger element")
    diffs = {d.name: d for d in diff_versions(v1, v2)}
    assert list(diffs)[:3] == ["concept", "primary_tasks", "additional_tasks"]
    assert diffs["primary_tasks"].changed and [line.kind for line in diffs["primary_tasks"].lines] == [SAME, SAME, ADDED]
    assert not diffs["meeting_frequency"].changed
    assert diffs["quorum"].lines == []  # empty in both: nothing to show


def demo_bodies():
    """The bodies of the demo structure (partnerships/demo/cumbria.yaml) that the demo terms
    need, made directly: importing the whole structure takes seconds."""
    forum = services.create_body(name="Cumbria Strategic Partnership Forum", kind="forum", purpose="The CSP.",
                                 roles="Contribute to development of the vision and priorities for Cumbria")
    services.create_body(name="Cumbria Leadership Forum", kind="board", parent=forum, purpose="Combined leadership.",
                         roles="Provide leadership to promote the interests of Cumbria\nOverall responsibility for high level outcomes")
    carlisle = services.create_body(name="Carlisle Partnership", kind="locality", parent=forum)
    for name, kind in (("Carlisle Partnership Executive", "executive"), ("The Conveners", "conveners"),
                       ("Carlisle Safer and Stronger Communities Priority Group", "thematic")):
        services.create_body(name=name, kind=kind, parent=carlisle)


def test_the_demo_loads_seed_002s_terms_once():
    demo_bodies()
    summary = load_demo_terms()
    executive = TermsOfReference.objects.get(body__name="Carlisle Partnership Executive", version=1)
    assert executive.approved_on == D(2006, 8, 16)
    assert ATTENDANCE_COMMITMENT in executive.entries("member_expectations")
    assert len(executive.entries("primary_tasks")) == 9
    conveners = TermsOfReference.objects.filter(body__name="The Conveners").order_by("version")
    assert [(c.version, c.status) for c in conveners] == [(1, TermsStatus.SUPERSEDED), (2, TermsStatus.APPROVED)]
    assert conveners[0].approved_on == D(2006, 8, 1) and conveners[0].meeting_frequency == "To meet monthly."
    assert any(d.changed for d in diff_versions(conveners[0], conveners[1]))
    group = TermsOfReference.objects.get(body__name="Carlisle Safer and Stronger Communities Priority Group")
    assert "[" not in group.concept and "safer & stronger communities" in group.concept
    constitution = TermsOfReference.objects.get(kind=TermsKind.CONSTITUTION)
    assert constitution.body.is_root_node() and constitution.body.name == "Cumbria Strategic Partnership Forum"
    leadership = TermsOfReference.objects.get(body__name="Cumbria Leadership Forum")
    assert leadership.primary_tasks == leadership.body.roles and "Chair of NHS Cumbria" in leadership.membership
    assert overdue_reviews().filter(body__name="Cumbria Leadership Forum").exists()
    assert not constitution.review_overdue
    assert "(0 new)" not in summary

    count = TermsOfReference.objects.count()
    assert "(0 new)" in load_demo_terms()
    assert TermsOfReference.objects.count() == count
