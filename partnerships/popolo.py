"""The structure as Popolo open data (popoloproject.com): public fields of public bodies only."""

from django.contrib.auth.models import AnonymousUser
from django.utils.text import slugify

from .models import BodyKind, CouncilTier, Membership, Organisation, Role, Sector
from .placements import parents_on
from .policy import body_policy


def _date(value):
    return value.isoformat() if value else None


def _compact(mapping):
    return {key: value for key, value in mapping.items() if value not in (None, "", [])}


def body_id(body_or_slug):
    return f"body/{getattr(body_or_slug, 'slug', body_or_slug)}"


def post_id(body_slug, seat):
    return f"post/{body_slug}/{slugify(seat)}"


def export(*, user=None, on=None):
    """Popolo organizations (bodies and partner organisations), persons, posts and memberships;
    with `on`, each body's parent is the one it sat under that day.

    Open data is the public's view whoever asks: private bodies, their seats and everyone's
    email addresses are left out. Built from plain rows: at 50,000 memberships, model instances
    cost seconds."""
    del user  # the public view, on purpose
    kind_label, role_label = dict(BodyKind.choices), dict(Role.choices)
    sector_label, tier_label = dict(Sector.choices), dict(CouncilTier.choices)
    bodies = list(
        body_policy.visible(AnonymousUser())
        .order_by("tree_id", "lft")
        .values("pk", "slug", "name", "kind", "parent_id", "purpose", "established", "dissolved")
    )
    slug_of = {body["pk"]: body["slug"] for body in bodies}
    if on is not None:
        parent_of = parents_on(on, current={body["pk"]: body["parent_id"] for body in bodies})
        for body in bodies:
            body["parent_id"] = parent_of[body["pk"]]
    memberships = list(
        Membership.objects.filter(body_id__in=slug_of.keys())
        .order_by("body__tree_id", "body__lft", "start", "pk")
        .values("pk", "body_id", "seat", "role", "start", "end", "organisation_id", "person__slug", "person__name")
    )
    organisations = Organisation.objects.filter(
        pk__in={m["organisation_id"] for m in memberships if m["organisation_id"]}
    ).order_by("name").values("pk", "slug", "name", "sector", "tier")
    organisation_ids = {}

    organizations = [
        _compact({
            "id": body_id(body["slug"]),
            "name": body["name"],
            "classification": kind_label[body["kind"]],
            "parent_id": body_id(slug_of[body["parent_id"]]) if body["parent_id"] in slug_of else None,
            "description": body["purpose"],
            "founding_date": _date(body["established"]),
            "dissolution_date": _date(body["dissolved"]),
        })
        for body in bodies
    ]
    for organisation in organisations:
        organisation_ids[organisation["pk"]] = f"organisation/{organisation['slug']}"
        organizations.append({
            "id": organisation_ids[organisation["pk"]],
            "name": organisation["name"],
            "classification": tier_label[organisation["tier"]] if organisation["tier"]
            else f"{sector_label[organisation['sector']]} sector",
        })

    persons = {m["person__slug"]: m["person__name"] for m in memberships}
    posts, post_ids, membership_rows = {}, {}, []
    for m in memberships:
        post = None
        if m["seat"]:
            key = (m["body_id"], m["seat"])
            if key not in post_ids:
                post_ids[key] = post_id(slug_of[m["body_id"]], m["seat"])
                posts[post_ids[key]] = {
                    "id": post_ids[key], "label": m["seat"], "role": role_label[m["role"]],
                    "organization_id": body_id(slug_of[m["body_id"]]),
                }
            post = post_ids[key]
        membership_rows.append(_compact({
            "id": f"membership/{m['pk']}",
            "label": m["seat"],
            "role": role_label[m["role"]],
            "person_id": f"person/{m['person__slug']}",
            "organization_id": body_id(slug_of[m["body_id"]]),
            "post_id": post,
            "on_behalf_of_id": organisation_ids.get(m["organisation_id"]),
            "start_date": _date(m["start"]),
            "end_date": _date(m["end"]),
        }))

    return {
        "organizations": organizations,
        "persons": [{"id": f"person/{slug}", "name": name} for slug, name in sorted(persons.items(), key=lambda p: p[1])],
        "posts": list(posts.values()),
        "memberships": membership_rows,
    }
