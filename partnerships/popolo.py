"""The structure as Popolo open data (popoloproject.com): public fields of public bodies only."""

from django.contrib.auth.models import AnonymousUser
from django.utils.text import slugify

from governance.policy import body_policy

from .models import Membership, Organisation


def _date(value):
    return value.isoformat() if value else None


def _compact(mapping):
    return {key: value for key, value in mapping.items() if value not in (None, "", [])}


def body_id(body_or_slug):
    return f"body/{getattr(body_or_slug, 'slug', body_or_slug)}"


def post_id(body_slug, seat):
    return f"post/{body_slug}/{slugify(seat)}"


def export(*, user=None):
    """Popolo organizations (bodies and partner organisations), persons, posts and memberships.

    Open data is the public's view whoever asks: private bodies, their seats and everyone's
    email addresses are left out."""
    del user  # the public view, on purpose
    bodies = list(body_policy.visible(AnonymousUser()).select_related("parent").order_by("tree_id", "lft"))
    body_ids = {body.pk for body in bodies}
    memberships = list(
        Membership.objects.filter(body_id__in=body_ids)
        .select_related("person", "body", "organisation")
        .order_by("body__tree_id", "body__lft", "start", "pk")
    )
    organisations = Organisation.objects.filter(
        pk__in={m.organisation_id for m in memberships if m.organisation_id}
    ).order_by("name")

    organizations = [
        _compact({
            "id": body_id(body),
            "name": body.name,
            "classification": body.get_kind_display(),
            "parent_id": body_id(body.parent) if body.parent_id and body.parent_id in body_ids else None,
            "description": body.purpose,
            "founding_date": _date(body.established),
            "dissolution_date": _date(body.dissolved),
        })
        for body in bodies
    ] + [
        _compact({
            "id": f"organisation/{organisation.slug}",
            "name": organisation.name,
            "classification": (
                organisation.get_tier_display() if organisation.tier else f"{organisation.get_sector_display()} sector"
            ),
        })
        for organisation in organisations
    ]

    people = {m.person.pk: m.person for m in memberships}
    persons = [{"id": f"person/{p.slug}", "name": p.name} for p in sorted(people.values(), key=lambda p: p.name)]

    posts = {}
    for m in memberships:
        if m.seat:
            posts.setdefault(
                post_id(m.body.slug, m.seat),
                {"id": post_id(m.body.slug, m.seat), "label": m.seat, "role": m.get_role_display(),
                 "organization_id": body_id(m.body)},
            )

    return {
        "organizations": organizations,
        "persons": persons,
        "posts": list(posts.values()),
        "memberships": [
            _compact({
                "id": f"membership/{m.pk}",
                "label": m.seat,
                "role": m.get_role_display(),
                "person_id": f"person/{m.person.slug}",
                "organization_id": body_id(m.body),
                "post_id": post_id(m.body.slug, m.seat) if m.seat else None,
                "on_behalf_of_id": f"organisation/{m.organisation.slug}" if m.organisation_id else None,
                "start_date": _date(m.start),
                "end_date": _date(m.end),
            })
            for m in memberships
        ],
    }
