"""Demo terms of reference: the Carlisle Partnership's from seed 002's appendices and the Cumbria
framework's from seed 001, loaded by `manage.py load_demo` after the structure and meetings.

Safe to run again: a version a body already has is left alone. Everything goes through
governance/terms/services.py, as a person drafting and approving on the portal would.
"""

import datetime

from django.db.models import Max
from django.utils import timezone

from meetings.models import Meeting
from partnerships.models import Body, LinkKind
from partnerships.sources import CARLISLE_PAPER, CUMBRIA_FRAMEWORK

from .models import TermsKind, TermsOfReference
from .services import approve, overdue_reviews, save_draft, start_draft

D = datetime.date

# Seed 002, Appendix Three: "Draft Roles and Responsibilities of the Executive", dated 16/08/06.
EXECUTIVE = dict(
    concept=(
        "To fulfil the Leadership functions of the Carlisle LSP within it’s Constitution setting out a vision "
        "for Carlisle and ensuring commitment to its achievement."
    ),
    primary_tasks="""\
Ensure that all partnership activity is directed towards improving the quality of life for the people of Carlisle, urban and rural.
Ensure that organisations, interest groups and individuals from the public, private, voluntary and community sectors of Carlisle, are appropriately represented at all levels of the LSP structure and that their voices are heard.
Bring together the individual partners in a spirit of co-operation and mutual support, working together to reduce conflict/tensions between partners and increasing mutual understanding.
Rationalise the efforts of the partners so that different initiatives and services support each other and work together as a coherent whole without duplication or waste.
Produce policies, plans and initiatives which march together and take into account the cross-cutting issues of Rural proofing, the Environment, Carlisle Renaissance, Learning City and Cleaner, Greener, Safer Carlisle.
Prepare and review the Community Plan as the strategic framework for individual and joint action which addresses the needs of local community’s and their aspirations.
To undertake regular monitoring and review of partner’s plans and performance in relation to the delivery of the Community Plan.
To support the work of the Cumbria Strategic Partnership and to prepare and champion initiatives for inclusion in the LAA and drive their delivery.
To work together to secure additional resources to support and improve the delivery of the Community Plan for Carlisle.""",
    additional_tasks="""\
Work together to tackle deprivation in the poorest communities in Carlisle, both rural and urban.
Support the work of the range of different partnerships, forums, organisations and agencies in Carlisle and its sub-region, particularly the Cumbria Strategic Partnership
To co-ordinate consultation activities.
Champion Carlisle and its local communities as a representative lobbying group.
Identify and address gaps in partnership activity.""",
    membership="""\
Membership of the Executive has been designed to be inclusive and representative of interests within Carlisle District.
Partners from the public, private, voluntary and community sectors of Carlisle.""",
    meeting_frequency="About every two months.",
    reporting_lines="""\
The Carlisle Partnership (the Local Strategic Partnership as a whole)
Supports the Cumbria Strategic Partnership""",
    member_expectations="""\
A commitment to attending all Executive meetings or sending a nominated deputy. If partners (or their deputy) do not attend a minimum of two out of every four meetings their position on the Executive will be reviewed.
The ability to take an overview of the issues that face Carlisle as a whole and represent the broader interest rather than a single issue or locality.
The enthusiasm to communicate within their own agency/group/ constituency and with others about the work of the LSP while respecting confidential information where disclosure would be detrimental to the public interest.
A commitment to undertaking essential partnership training.
A supportive attitude and commitment to undertaking specific roles on behalf of the Executive, such as project ‘Champions’, and participating in working groups such as Performance Management.""",
)

# Seed 002, Appendix Two: "Terms of Reference for Convenors Group", dated 01/08/06.
CONVENERS = dict(
    concept=(
        "Within the Constitution of the Carlisle Local Strategic Partnership; to fulfil the “clearing house” "
        "function between the priority groups and the Carlisle Local Strategic Partnership (CLSP) executive. "
        "The Conveners should not be used as a location for thematic group updates."
    ),
    primary_tasks="""\
To ensure that all groups (via their convenors and nominated officers) are aware of new priorities, cross-cutting issues and activities of each group.
To table items/proposals for consideration of CLSP as a whole and the CLSP Executive in particular. (To contribute to the CLSP Executive agenda).
To identify emerging cross-cutting and/or emerging areas of interest which need consideration by two or more priority groups.
To consolidate the key issues and priorities of each priority group, in order to inform the CLSP Executive and the development of the Carlisle Sustainable Community Plan.
To consider cross-cutting issues of Rural proofing, the Environment, Carlisle Renaissance, Learning City and Cleaner, Greener, Safer Carlisle and incorporate targets for each of these themes in the Community Plan.
To delegate actions to specific priority groups as appropriate.""",
    additional_tasks="""\
To ensure the activities of the CLSP and the Carlisle Sustainable Community Plan and its delivery plan, are aligned with existing strategic plans
To work with the Cumbria Strategic Partnership (CSP) to develop the Local Area Agreement (LAA) and to co-ordinate the presentation of the priorities of the CLSP within the priority groups.
To champion the interests of CLSP and its constituent partners, at local, regional and national level.
To review and feedback suggestions, and comments from the priority groups on administrative matters.""",
    membership="The convener of each priority group and the group's nominated officer",
    meeting_frequency="To meet monthly.",
    reporting_lines="The Carlisle Partnership Executive",
)

# The Conveners' terms "revisited" (seed 002, section 10), taking in the improvement paper's
# proposals for the Conveners: 1 (know every partner's aims), 4 (approve the user guide), 8
# (engage people about outcomes) and 11 (the "stronger" element of the partnership).
CONVENERS_2009 = {
    **CONVENERS,
    "concept": CONVENERS["concept"].replace(
        "Carlisle Local Strategic Partnership;", "Carlisle Partnership (the Carlisle Local Strategic Partnership);"
    ),
    "primary_tasks": CONVENERS["primary_tasks"] + """
To take on responsibility for the stronger element of the Carlisle Partnership and ensure groups are contributing or aware they are contributing towards its aims.""",
    "additional_tasks": """\
To ensure the activities of the CLSP and the Carlisle Sustainable Community Plan and its delivery plan, are aligned with existing strategic plans
To work with the Cumbria Strategic Partnership (CSP) to deliver the Local Area Agreement (LAA) and the Cumbria Community Strategy, and to co-ordinate the presentation of the priorities of the CLSP within the priority groups.
To champion the interests of CLSP and its constituent partners, at local, regional and national level.
To review and feedback suggestions, and comments from the priority groups on administrative matters.
With partnership staff, to identify all partners and their aims, so that the right people are engaged at the right time.
To approve the user guide to the Carlisle Partnership for new members, addressing jargon and acronyms.
With partnership staff, to find ways of engaging people about the partnership's outcomes.""",
    "change_note": (
        "Revisited in 2009 (improvement paper, section 10): adds the Conveners' proposals 1, 4, 8 and 11 "
        "and works with the CSP to deliver, not develop, the LAA."
    ),
}

# Seed 002, Appendix Four: one text for the four priority groups, the bracket filled per group.
PRIORITY_GROUP = dict(
    concept="To be the priority group for the Carlisle Local Strategic Partnership (LSP) on issues that relate to {topic}.",
    primary_tasks="""\
To provide a Carlisle-wide focus on issues that effect {topic}
To advise the LSP Executive on key priorities for action in order to inform development of the Carlisle Sustainable Community Plan and associated delivery plan
To ensure the activities of the LSP and the Community Plan are aligned with existing strategic plans
To consider cross-cutting themes in developing the Community Plan and ensure they are appropriately represented
To implement the delivery plan and monitor and evaluate progress on the actions and initiatives that effect {topic}
To work with the Cumbria Strategic Partnership to develop Local Area Agreements
To champion the interests of {topic} in Carlisle at local, regional and national level""",
    meeting_frequency=(
        "To meet as often as determined by the groups, and to provide any additional support required, including "
        "administration support, from within the partner organisations and others as required"
    ),
    reporting_lines="""\
Advises the Carlisle Partnership Executive
To act within the Constitution of the LSP""",
)
PRIORITY_GROUPS = {
    "Carlisle Children and Young People Priority Group": "children & young people",
    "Carlisle Healthy Communities and Older People Priority Group": "healthy communities & older people",
    "Carlisle Economic Development and Enterprise Priority Group": "economic development & enterprise",
    "Carlisle Safer and Stronger Communities Priority Group": "safer & stronger communities",
}

# Seed 002, Appendix One: the terms of reference of a district LSP within the Cumbria framework.
DISTRICT_LSP_CONCEPT = (
    "Principal functions: Local Management, Co-ordination and Community Engagement / Empowerment. These Terms of "
    "Reference are designed to describe the working relationship between Local LSPs and The Cumbria Strategic "
    "Partnership. They are built on the principles of Communication, Negotiation, Cooperation and Coordination "
    "appropriate to a partnership of equals, rather than of Authority, Delegation and Subordination."
)

# Seed 001: membership "defined by office" of the framework's bodies, where the paper gives it.
FRAMEWORK_MEMBERSHIP = {
    "Cumbria Strategic Partnership Forum": "All Partner organisations of the current CSP",
    "Cumbria Leadership Forum": """\
Leaders of all 7 Local Authorities in Cumbria
Chair of NHS Cumbria
Chair of Lake Districts National Park
Chair of the Police Authority
Chair of Cumbria Association of Local Councils (CALC)""",
    "Cumbria Chief Executives Group": """\
CEs all 7 Cumbria Local Authorities
CE NHS Cumbria""",
    "Cumbria Thematic Partnerships and LSP Joint Chairs Group": """\
CE of Cumbria County Council
Chairs of all (5) Thematic Partnerships of the CSP
LSP Chairs (or nominated representative of each Local Authority)""",
}
# The framework's bodies (seed 001), adopted at the full CSP meeting on 5 November 2009.
FRAMEWORK_BODIES = [
    "Cumbria Leadership Forum", "Cumbria Chief Executives Group", "Cumbria Thematic Partnerships and LSP Joint Chairs Group",
    "Children and Young People Thematic Partnership", "Cumbria Vision Thematic Partnership",
    "Environment Thematic Partnership", "Cumbria Waste Partnership",
    "Health, Care and Older People Thematic Partnership (HCOP)", "Safer and Stronger Thematic Partnership",
    "Cumbria Intelligence Observatory", "Cumbria Improvement & Efficiency Programme (CIEP)",
    "Cumbria Equality & Diversity Partnership (CEDP)", "Cumbria Rural Forum",
]
FRAMEWORK_ADOPTED = D(2009, 11, 5)
# The leadership bodies were to be reviewed a year on; that review never reached the portal.
FIRST_YEAR_REVIEW = {"Cumbria Leadership Forum", "Cumbria Chief Executives Group",
                     "Cumbria Thematic Partnerships and LSP Joint Chairs Group"}
FREQUENCY = {1: "Monthly", 2: "Every two months", 3: "Quarterly", 4: "Three times a year", 6: "Twice a year",
             12: "Once a year"}
LINK_WORDING = {
    LinkKind.REPORTS_TO: "Reports to the {}", LinkKind.ADVISES: "Advises the {}",
    LinkKind.SUPPORTS: "Supports the {}", LinkKind.HOLDS_TO_ACCOUNT: "Holds to account the {}",
}


def _lines(*items):
    return "\n".join(item for item in items if item)


def _reporting_lines(body):
    """The body's reporting lines as the structure records them (seed 001's cross-links)."""
    lines = [LINK_WORDING[link.kind].format(link.to_body.name) for link in body.links_out.select_related("to_body")]
    lines += [
        f"Held to account by the {link.from_body.name}"
        for link in body.links_in.filter(kind=LinkKind.HOLDS_TO_ACCOUNT).select_related("from_body")
    ]
    if not lines and body.parent_id:
        lines.append(f"Part of the {body.parent.name}")
    return "\n".join(lines)


def _frequency(body):
    return FREQUENCY.get(body.meets_every_months, "") if body.meets_every_months else ""


def _meeting_on(body, on):
    return Meeting.objects.filter(body=body, starts_at__date=on).first() if body else None


def _version(body, version, text, *, kind=TermsKind.TERMS, approved_on=None, by_body=None, at_meeting=None,
             review_due=None):
    """Version `version` of the body's document with this text: approved on `approved_on`, or
    left a draft without one. Returns True when it was created."""
    last = body.terms_of_reference.aggregate(last=Max("version"))["last"] or 0
    if last != version - 1:
        # Loaded already, or the body's versions are no longer the demo's: leave them alone.
        return False
    draft = start_draft(body, kind=kind)
    save_draft(draft, **text)
    if approved_on:
        approve(draft, on=approved_on, by_body=by_body, at_meeting=at_meeting, review_due=review_due)
    return True


def load_demo_terms():
    """Create the demo versions a body does not have yet; returns a one-line summary."""
    bodies = {b.name: b for b in Body.objects.select_related("parent")}
    created = 0
    executive = bodies.get("Carlisle Partnership Executive")
    carlisle = bodies.get("Carlisle Partnership")
    forum = bodies.get("Cumbria Strategic Partnership Forum")

    if executive:
        created += _version(executive, 1, EXECUTIVE, approved_on=D(2006, 8, 16), by_body=executive,
                            review_due=D(2007, 8, 16))
        # Proposal 2 of the improvement paper, not yet agreed: a draft for the Executive's readers.
        created += _version(executive, 2, {
            **EXECUTIVE,
            "meeting_frequency": "Quarterly, to ensure better attendance and more valuable discussion at meetings.",
            "change_note": "Proposal 2 (South Lakeland model): reduce the frequency of partnership meetings.",
        })
    conveners = bodies.get("The Conveners")
    if conveners:
        created += _version(conveners, 1, CONVENERS, approved_on=D(2006, 8, 1), by_body=executive,
                            review_due=D(2007, 8, 1))
        created += _version(conveners, 2, CONVENERS_2009, approved_on=D(2009, 11, 17), by_body=executive,
                            at_meeting=_meeting_on(executive, D(2009, 11, 17)), review_due=D(2010, 11, 17))
    for name, topic in PRIORITY_GROUPS.items():
        if name in bodies:
            text = {field: value.format(topic=topic) for field, value in PRIORITY_GROUP.items()}
            created += _version(bodies[name], 1, text, approved_on=D(2006, 8, 16), by_body=executive,
                                review_due=D(2007, 8, 16))
    if carlisle:
        created += _version(carlisle, 1, dict(
            concept=DISTRICT_LSP_CONCEPT, primary_tasks=carlisle.roles, reporting_lines=_reporting_lines(carlisle),
            membership="The public, private, community and voluntary sectors of Carlisle, urban and rural",
            meeting_frequency=_frequency(carlisle),
            change_note=f"{CARLISLE_PAPER}, Appendix One: the terms of reference of a district LSP in the Cumbria framework.",
        ), approved_on=FRAMEWORK_ADOPTED, by_body=forum)

    if forum:
        # The constitution of the revitalised CSP (seed 001, 4.9 and 5.2: "a review of the
        # constitution of the CSP"); its next review lies ahead, so not every review is overdue.
        created += _version(forum, 1, dict(
            concept=forum.purpose, primary_tasks=forum.roles, membership=FRAMEWORK_MEMBERSHIP[forum.name],
            additional_tasks=_lines("Celebrate progress and success across the partnership", "Inform the Leadership Forum"),
            meeting_frequency="Bi-annual business meetings, Focus On events, Deep Dives and networking",
            reporting_lines=_lines(
                "The Cumbria Leadership Forum provides combined leadership and updates the Forum at regular business meetings",
                "The Cumbria Chief Executives Group advises the Leadership Forum and holds the Thematic Partnerships to account",
                "The Cumbria Thematic Partnerships and LSP Joint Chairs Group performance-manages the Community Strategy "
                "outcomes and reports to the Leadership Forum with a focus on exceptions",
                "The five Thematic Partnerships (CYP, Cumbria Vision, Environment, HCOP, Safer & Stronger) lead their themes",
                "District LSPs work with the CSP as a partnership of equals",
            ),
            change_note=f"Adopted with the new framework at the full CSP meeting on 5 November 2009 ({CUMBRIA_FRAMEWORK}).",
        ), kind=TermsKind.CONSTITUTION, approved_on=FRAMEWORK_ADOPTED, by_body=forum,
            review_due=D(timezone.localdate().year + 1, 4, 1))
    for name in FRAMEWORK_BODIES:
        body = bodies.get(name)
        if body is None or not body.purpose:
            continue  # approved terms need a concept, which the demo takes from the purpose
        created += _version(body, 1, dict(
            concept=body.purpose, primary_tasks=body.roles, membership=FRAMEWORK_MEMBERSHIP.get(name, ""),
            meeting_frequency=_frequency(body), reporting_lines=_reporting_lines(body),
        ), approved_on=FRAMEWORK_ADOPTED, by_body=forum,
            review_due=D(2010, 11, 5) if name in FIRST_YEAR_REVIEW else None)
    total = TermsOfReference.objects.count()
    return f"Demo terms of reference loaded: {total} versions ({created} new), {overdue_reviews().count()} reviews overdue."
