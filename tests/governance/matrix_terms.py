"""Permission matrix rows for terms of reference and the audit trail: a private body's terms
are for its readers (members, its officer, executives, staff); its draft is edited by those who
manage it (its officer, staff); drafting and approving are POST-only; the audit trail is staff's."""

from .conftest import OFFICER_AND_STAFF, Write

OK, LOGIN, HIDDEN, POST_ONLY = 200, 302, 404, 405

READERS = {"anonymous": HIDDEN, "member": OK, "officer": OK, "executive": OK, "staff": OK, "admin": OK, "outsider": HIDDEN}
MANAGERS = {"anonymous": LOGIN, "member": HIDDEN, "officer": OK, "executive": HIDDEN, "staff": OK, "admin": OK, "outsider": HIDDEN}
POST_ONLY_SIGNED_IN = {**dict.fromkeys(READERS, POST_ONLY), "anonymous": LOGIN}
STAFF = {"anonymous": LOGIN, "member": HIDDEN, "officer": HIDDEN, "executive": HIDDEN, "staff": OK, "admin": OK, "outsider": HIDDEN}


def extend_world(world):
    from .factories import make_terms

    make_terms(world.private_body, approved_on="2006-08-01", meeting_frequency="To meet monthly.")
    world.terms_draft = make_terms(world.private_body, meeting_frequency="To meet every two months.")


def _body(world):
    return {"slug": world.private_body.slug}


def _draft(world):
    return {"slug": world.private_body.slug, "version": world.terms_draft.version}


ROWS = {
    "terms:terms": (_body, READERS),
    "terms:terms-version": (_draft, READERS),
    "terms:terms-diff": (_body, READERS),
    "terms:terms-edit": (_draft, MANAGERS),
    "terms:terms-new": (_body, POST_ONLY_SIGNED_IN),
    "terms:terms-approve": (_draft, POST_ONLY_SIGNED_IN),
    "audit:audit": (None, STAFF),
}


def _versions(body):
    from governance.models import TermsOfReference

    return list(
        TermsOfReference.objects.filter(body=body).order_by("version")
        .values_list("version", "approved_on", "concept", "meeting_frequency")
    )


def _terms_form(**fields):
    from governance.terms.models import TEXT_FIELDS

    return {**dict.fromkeys(TEXT_FIELDS, ""), "concept": "What Funding task group is for.", "review_due": "",
            "change_note": "", **fields}


WRITES = {
    "terms:terms-edit": Write(
        _draft, lambda w: _terms_form(meeting_frequency="To meet every six weeks.", change_note="Meets more often."),
        lambda w: _versions(w.private_body), OFFICER_AND_STAFF,
    ),
    "terms:terms-approve": Write(
        _draft, lambda w: {"approved_on": "2010-06-01", "approved_by_body": w.public_body.slug},
        lambda w: _versions(w.private_body), OFFICER_AND_STAFF,
    ),
    # The private body already has a draft (one at a time): its first terms are started for the
    # outsider's own body, which she manages as its officer; the private body's officer does not.
    "terms:terms-new": Write(
        lambda w: {"slug": w.other_body.slug}, lambda w: _terms_form(concept="Keeping Carlisle safe."),
        lambda w: _versions(w.other_body), frozenset({"outsider", "staff", "admin"}),
    ),
}
