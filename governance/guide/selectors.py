""""How this partnership works": a guide generated from the structure, the norms of each kind
of body, the attendance and quorum rules and the terms of reference in force (seed 002
proposal 4: a "user guide" for new members "ensuring a greater understanding of the roles and
responsibilities of the different groups within the partnership"). A fixed number of queries."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from governance.health.rules import with_article
from governance.health.selectors import current_bodies, kind_standards, standard_for
from governance.terms.models import TermsOfReference, TermsStatus
from meetings.attendance import describe_rule, rules_for
from meetings.models import AttendanceRule, QuorumRule
from meetings.quorum import describe_quorum
from partnerships.models import Body, BodyLink, Layer
from partnerships.policy import body_policy

# The Audit Commission's three layers, as seed 004 quotes them.
LAYER_ROLES = {
    Layer.STRATEGIC: "oversight, vision, and direction setting",
    Layer.EXECUTIVE: "resource allocation and performance management",
    Layer.OPERATIONAL: "service management and delivery",
}
PROPOSAL_4 = (
    "A “user guide” to the Carlisle Partnership to be approved by the Conveners for new members ensuring a "
    "greater understanding of the roles and responsibilities of the different groups within the partnership."
)


@dataclass
class GuideBody:
    body: Body
    parent: Body | None
    meets: str
    size: str
    attendance_rule: str
    quorum: str
    terms_url: str = ""
    links_out: list = field(default_factory=list)  # [(kind label, body)]
    links_in: list = field(default_factory=list)


@dataclass
class GuideLayer:
    label: str
    role: str
    bodies: list


def _url(name, **kwargs):
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return ""


def partnership_guide(*, user, on=None):
    """The guide's content for `user`: the bodies they may see that exist on `on` (today),
    layer by layer in tree order, with how each meets, links and decides."""
    on = on or timezone.localdate()
    bodies = list(
        body_policy.visible(user, current_bodies(on)).select_related("parent").order_by("tree_id", "lft")
    )
    ids = {body.pk for body in bodies}
    standards = kind_standards()
    attendance_rules = rules_for(ids)
    quorum_rules = {rule.body_id: rule for rule in QuorumRule.objects.filter(body_id__in=ids)}
    with_terms = set(
        TermsOfReference.objects.filter(body_id__in=ids, status=TermsStatus.APPROVED).values_list("body_id", flat=True)
    )
    links_out, links_in = defaultdict(list), defaultdict(list)
    for link in BodyLink.objects.filter(from_body_id__in=ids, to_body_id__in=ids).select_related("from_body", "to_body"):
        links_out[link.from_body_id].append((link.get_kind_display(), link.to_body))
        links_in[link.to_body_id].append((link.get_kind_display(), link.from_body))

    layers = defaultdict(list)
    for body in bodies:
        standard = standard_for(body, standards[body.kind])
        if body.meets_every_months:
            meets = f"Every {body.meets_every_months} month{'s' if body.meets_every_months != 1 else ''}"
        elif standard.frequency_text:
            meets = f"{standard.frequency_text.capitalize()} (the guidance for {with_article(body.get_kind_display().lower())})"
        else:
            meets = "As needed"
        layers[body.layer].append(GuideBody(
            body=body,
            parent=body.parent if body.parent_id in ids else None,
            meets=meets,
            size=standard.size_text,
            attendance_rule=describe_rule(attendance_rules.get(body.pk) or AttendanceRule(body_id=body.pk)),
            quorum=describe_quorum(quorum_rules.get(body.pk) or QuorumRule(body_id=body.pk)),
            terms_url=_url("terms:terms", slug=body.slug) if body.pk in with_terms else "",
            links_out=links_out[body.pk],
            links_in=links_in[body.pk],
        ))
    ordered = [GuideLayer(label, LAYER_ROLES[value], layers[value]) for value, label in Layer.choices if layers[value]]
    if layers[""]:
        ordered.append(GuideLayer("Other bodies", "", layers[""]))
    return {
        "on": on,
        "layers": ordered,
        "body_count": len(bodies),
        "proposal_4": PROPOSAL_4,
        "default_attendance_rule": describe_rule(AttendanceRule()),
        "default_quorum": describe_quorum(QuorumRule()),
        "pages": {
            "minutes": _url("meetings:minutes-list"),
            "decisions": _url("meetings:decisions"),
            "calendar": _url("meetings:calendar"),
            "performance": _url("performance:dashboard"),
            "structure": _url("partnerships:structure"),
            "glossary": _url("glossary:glossary"),
            "open_data": _url("partnerships:popolo"),
        },
    }
