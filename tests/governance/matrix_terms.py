"""Permission matrix rows for terms of reference and the audit trail: a private body's terms
are for its readers (members, its officer, executives, staff); its draft is edited by those who
manage it (its officer, staff); drafting and approving are POST-only; the audit trail is staff's."""

OK, LOGIN, HIDDEN, POST_ONLY = 200, 302, 404, 405

READERS = {"anonymous": HIDDEN, "member": OK, "officer": OK, "executive": OK, "staff": OK, "admin": OK}
MANAGERS = {"anonymous": LOGIN, "member": HIDDEN, "officer": OK, "executive": HIDDEN, "staff": OK, "admin": OK}
POST_ONLY_SIGNED_IN = {**dict.fromkeys(READERS, POST_ONLY), "anonymous": LOGIN}
STAFF = {"anonymous": LOGIN, "member": HIDDEN, "officer": HIDDEN, "executive": HIDDEN, "staff": OK, "admin": OK}


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
