"""Governance test helpers, shared by the governance test modules (add, don't copy)."""

import datetime

from governance.terms.services import approve, save_draft, start_draft


def make_terms(body, *, approved_on=None, review_due=None, kind=None, user=None, **text):
    """The body's next version of its terms (or constitution), with `text`; approved on
    `approved_on` when given, otherwise left a draft. Goes through governance/terms/services.py."""
    draft = start_draft(body, user=user, kind=kind)
    text.setdefault("concept", draft.concept or f"What {body.name} is for.")
    save_draft(draft, user=user, **text)
    if approved_on:
        if isinstance(approved_on, str):
            approved_on = datetime.date.fromisoformat(approved_on)
        approve(draft, on=approved_on, review_due=review_due, user=user)
    elif review_due:
        save_draft(draft, review_due=review_due)
    draft.refresh_from_db()
    return draft


def member_with_login(body, *, name, role="member", start=datetime.date(2009, 1, 1)):
    """A person with a login who holds a seat on `body`, with the body permissions synced:
    the login (a UserFactory user) and the person."""
    from partnerships import services
    from tests.factories import PersonFactory, UserFactory

    user = UserFactory()
    person = PersonFactory(name=name, user=user)
    services.add_membership(person=person, body=body, role=role, start=start)
    return user, person


def open_round(body, *, title="Self-assessment", closes_on=None, **kwargs):
    """An open self-assessment of `body`, through governance/assessment/services.py."""
    from governance.assessment.services import open_assessment

    return open_assessment(body=body, title=title, closes_on=closes_on, **kwargs)
