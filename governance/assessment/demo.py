"""Demo engagement data, loaded by `manage.py load_demo`: the glossary, the Carlisle
Partnership's self-assessments of 2009 and 2010, and seed 002's 11 improvement proposals.

The 2009 round follows seed 002's section 6.0: members' scores reflect the paper's verdict on
each sub-heading, and the evidence quotes its "CP's Performance" column. The 2010 round shows
the change after the work the paper lists in section 10. Members' individual scores are
illustrative (the paper gives none). The rounds belong to the Carlisle Partnership Executive,
whose partners lead the partnership (its terms of reference, seed 002 appendix three).

Safe to run again: an assessment, its scores and evidence, and a proposal that already exist
are left alone.
"""

import datetime

from django.utils import timezone

from governance.glossary.services import ensure_glossary
from partnerships.models import Body, Membership, Person

from .framework import ensure_framework
from .models import (
    Assessment,
    AssessmentStatus,
    Criterion,
    Evidence,
    ImprovementProposal,
    ProposalStatus,
    Question,
    Score,
)

D = datetime.date
BODY = "Carlisle Partnership Executive"

# Seed 002 section 6.0, per sub-heading (criterion number, position): the paper's verdict as a
# typical member's score in 2009, and in 2010 after the improvement work of its section 10.
TYPICAL = {
    (1, 1): (4, 4), (1, 2): (2, 3), (1, 3): (3, 3),
    (2, 1): (4, 4), (2, 2): (3, 4),
    (3, 1): (1, 2), (3, 2): (2, 3),
    (4, 1): (2, 3), (4, 2): (3, 3), (4, 3): (4, 4),
    (5, 1): (3, 4), (5, 2): (3, 3), (5, 3): (3, 4),
    (6, 1): (2, 3),
    (7, 1): (3, 3),
}
# Members differ from the typical score by these amounts, in turn.
VARIATION = [0, 1, -1, 0, 0, 1, -1, 0, 1]

ROUNDS = [
    dict(title="Carlisle Partnership self-assessment 2009", opened_on=D(2009, 6, 1), closes_on=D(2009, 7, 31),
         year_index=0, respondents=7),
    dict(title="Carlisle Partnership self-assessment 2010", opened_on=D(2010, 6, 1), closes_on=D(2010, 7, 31),
         year_index=1, respondents=9),
]

COMMENTS = {
    (0, (1, 2)): "Roles are understood through the competence of individual partners rather than written down.",
    (0, (4, 1)): "Our minutes and meetings are not open to the public.",
    (0, (3, 1)): "We have no budget and do not count the time partners give.",
    (1, (4, 1)): "Minutes are now published, but the public are still not invited to contribute.",
    (1, (6, 1)): "Performance management has started; baselines are still missing for some projects.",
}

# Seed 002 section 6.0, "CP's Performance" column, by criterion number.
EVIDENCE_2009 = {
    1: [
        "Constitution available and clear mission statement displayed on the Carlisle Partnership website. Clear "
        "long term vision available and agreed by partners in the form of The Community Plan.",
        "Partner's Roles and responsibilities are not clearly identified. It is primarily through the competence and "
        "pro active nature of partners that the work of the partnership is understood. (Proposal 4 and 1)",
        "The partnerships work has had positive impacts on the Carlisle community. (Proposal 5 and 11) Rarely "
        "consults with the community to ensure responding to communities needs. (Proposal 8)",
    ],
    2: [
        "Partnership includes membership from a wide range of groups/organisations. Most members contribute to the "
        "work of the partnership. (Proposal 5)",
        "CP continually reviews membership and recently has done this. Current status = 80% complete. Attracting new "
        "members is very much done through networks and word of mouth. Currently no formal way of knowing why "
        "members leave and/or fail to be engaged. (Proposal 5 and 9)",
    ],
    3: [
        "There are no measurements of financial and/or time resources contributed by members. CP does not have a "
        "budget.",
        "The CP currently has action plans available but no performance management in place across the partnership "
        "as a whole. (proposal 7)",
    ],
    4: [
        "The CP currently reports progress to the executive and has targets identified. The minutes and meetings are "
        "not publicly accessible. Public are not invited to contribute to the work of the partnership. (Proposal 8)",
        "There is a current overload on the CP team and meetings are too frequent leading to less valuable "
        "discussion at the meetings. (Proposal 2)",
        "The CP regularly reports to Overview and Scrutiny panels.",
    ],
    5: [
        "The Carlisle Partnership currently learns and evolves by learning from other Cumbria partnerships. Sharing "
        "with SP's outside the Cumbria area however needs to be developed. (Proposal 3, 9 and 10)",
        "Development and Improvement of the partnership has been recognised and the partnership is currently showing "
        "willingness to improve and develop. (Proposal 7)",
    ],
    6: [
        "The CP is currently aware of its targets. The CP is currently aware of the importance of introducing "
        "performance management. (Proposal 6 and 7)",
    ],
    7: [
        "As a strategic partnership within the second largest county in the UK the CP is in a unique position to "
        "contribute to NI185 (total council CO2 emissions).",
    ],
}

# Seed 002 section 10, "Recent improvement work currently taking place", by criterion number.
EVIDENCE_2010 = {
    1: ["Users Guide to the CP (ready for approval). Terms of reference for the Conveners revisited."],
    2: ["Commissioning a logo (design brief awaiting approval), so the partnership is recognised beyond word of "
        "mouth (proposal 9)."],
    3: ["Amendments to agenda templates improving value at meetings (ready for approval)."],
    4: ["Improvement in the way the CP communicates with its partners: an improved communication system in place "
        "(early days) and a move towards an easily accessible and up to date website. Newsletter: discussions "
        "around frequency and format ongoing."],
    5: ["Research into operating styles and frequency of other LSP's (constant liaison with Cumbrian LSP's "
        "ongoing). Greater emphasis on partnership work in between meetings."],
    6: ["Research into how CAA will affect the CP."],
}

# Seed 002 section 7.0: (number, group, proposal, criteria numbers from section 6.0's references,
# status by 2010 (section 10), owner, target body).
PROPOSALS = [
    (1, "Conveners and Partnership Staff",
     "An exercise to identify all partners and what their aims are involving the CP. These making it easier for "
     "Partnership Staff to ensure the right people are engaged at the right time. Information on agendas on people’s "
     "purpose and current work should also help ensure useful discussion at partnership meetings.",
     [1, 5], ProposalStatus.IN_PROGRESS, "Laura Bell", None),
    (2, "Executive",
     "To reduce frequency of the partnership meetings (South Lakeland model). This is to ensure better attendance at "
     "meetings in order to improve the value, quality and content of discussions.",
     [4], ProposalStatus.IN_PROGRESS, "Frances Waugh", "Carlisle Partnership Executive"),
    (3, "Conveners, Executive and Partnership Staff",
     "Greater emphasis on the use of the Carlisle Partnership website aiming to cut down on the use of paper and also "
     "ensure that more information is accessible to stakeholders.",
     [3, 5], ProposalStatus.IN_PROGRESS, "Laura Bell", None),
    (4, "Partnership Staff",
     "A “user guide” to the Carlisle Partnership to be approved by the Conveners for new members ensuring a greater "
     "understanding of the roles and responsibilities of the different groups within the partnership. Also this "
     "document should attempt to address jargon and acronym barriers.",
     [1], ProposalStatus.IN_PROGRESS, "Laura Bell", None),
    (5, "Thematic Groups",
     "All groups to review membership (some have already achieved this) and a detailed analysis of the membership of "
     "groups. It is important that this work is inclusive and not dominated by key groups.",
     [1, 2], ProposalStatus.IN_PROGRESS, None, None),
    (6, "Thematic Groups",
     "All groups to prioritise at least two of their current initiatives and to ensure greater focus and hopefully "
     "attainment on these.",
     [6], ProposalStatus.AGREED, None, None),
    (7, "Not named in the paper",
     "To introduce performance management across the partnership as a whole: measurable outcomes with baselines and "
     "milestones, and progress to date reports.",
     [3, 5, 6], ProposalStatus.AGREED, None, None),
    (8, "Partnership Staff and Conveners",
     "To investigate ways of engaging with customers about the LSP’s outcomes (present and future) – Important to "
     "note that should be about outcomes and not what an LSP is or how an LSP operates.",
     [1, 4], ProposalStatus.PROPOSED, "Laura Bell", None),
    (9, "Branding", "To create a Carlisle Partnership “brand” and commission a logo.",
     [2, 5], ProposalStatus.IN_PROGRESS, "Laura Bell", None),
    (10, "Shared Learning",
     "To be more committed to learning from other councils and the work they are doing towards developing their "
     "partnerships.",
     [5], ProposalStatus.AGREED, None, None),
    (11, "Conveners",
     "To take on responsibility for the stronger element of the CP and ensure groups are contributing or aware they "
     "are contributing towards its aims.",
     [1], ProposalStatus.AGREED, "Emma Slack", "The Conveners"),
]
PROPOSAL_7_NOTE = (
    "The paper's table of new proposals leaves out number 7; this wording comes from sections 6.0 and 8.0, which "
    "cite proposal 7 for the performance management the partnership lacks."
)


def _members(body, on, count):
    """The first `count` people seated on `body` on `on`, chair first."""
    seats = Membership.objects.active_on(on).seated().filter(body=body).select_related("person").order_by("role", "start", "pk")
    people = []
    for membership in seats:
        if membership.person not in people:
            people.append(membership.person)
    return people[:count]


def _score_round(assessment, members, year_index):
    if assessment.scores.exists():
        return 0
    questions = {(q.criterion.number, q.position): q for q in Question.objects.select_related("criterion")}
    scores = []
    for m, person in enumerate(members):
        for q, (key, question) in enumerate(sorted(questions.items())):
            typical = TYPICAL[key][year_index]
            value = min(5, max(1, typical + VARIATION[(m + q) % len(VARIATION)]))
            comment = COMMENTS.get((year_index, key), "") if m == 0 else ""
            scores.append(Score(assessment=assessment, question=question, member=person, score=value, comment=comment))
    Score.objects.bulk_create(scores)
    return len(scores)


def _add_evidence(assessment, evidence):
    if assessment.evidence.exists():
        return
    criteria = {c.number: c for c in Criterion.objects.all()}
    Evidence.objects.bulk_create(
        Evidence(assessment=assessment, criterion=criteria[number], text=text)
        for number, texts in evidence.items() for text in texts
    )
    # Recorded while the round was open, not on the day the demo was loaded.
    added = timezone.make_aware(datetime.datetime.combine(assessment.opened_on, datetime.time(10)))
    assessment.evidence.update(added_at=added)


def load_demo_engagement():
    """Load the demo glossary, self-assessments and proposals; returns a one-line summary."""
    added_terms = ensure_glossary()
    ensure_framework()
    body = Body.objects.filter(name=BODY).first()
    if body is None:
        return f"Glossary: {added_terms} terms added; no {BODY} in the structure, so no self-assessment demo."
    scored = 0
    for spec, evidence in zip(ROUNDS, (EVIDENCE_2009, EVIDENCE_2010)):
        assessment, _ = Assessment.objects.get_or_create(
            body=body, title=spec["title"],
            defaults=dict(opened_on=spec["opened_on"], closes_on=spec["closes_on"], status=AssessmentStatus.CLOSED),
        )
        members = _members(body, spec["closes_on"], spec["respondents"])
        scored += _score_round(assessment, members, spec["year_index"])
        _add_evidence(assessment, evidence)

    criteria = {c.number: c for c in Criterion.objects.all()}
    people = {p.name: p for p in Person.objects.filter(name__in={row[5] for row in PROPOSALS if row[5]})}
    bodies = {b.name: b for b in Body.objects.filter(name__in={row[6] for row in PROPOSALS if row[6]})}
    added_proposals = 0
    for number, group, text, criterion_numbers, status, owner, target in PROPOSALS:
        proposal, created = ImprovementProposal.objects.get_or_create(
            body=body, number=number,
            defaults=dict(
                text=text, target_group=group, status=status, owner=people.get(owner), target_body=bodies.get(target),
                notes=PROPOSAL_7_NOTE if number == 7 else "",
            ),
        )
        if created:
            proposal.criteria.set([criteria[n] for n in criterion_numbers])
            added_proposals += 1
    return (
        f"Engagement: {added_terms} glossary terms, {scored} self-assessment scores and {added_proposals} "
        f"improvement proposals added for {body}."
    )
