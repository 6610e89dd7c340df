"""Seed 002's evaluation framework, the reference data of self-assessment: the Carlisle
Partnership improvement paper's (2009) seven criteria, after the Chesterfield and North East
Derbyshire development and evaluation toolkit, each with the sub-headings the paper assesses the
partnership under (section 6.0)."""

from django.db.models import Prefetch

from .models import Criterion, Question

# (criterion, [(sub-heading, statement to score)]): the sub-headings are the paper's own words;
# each statement gathers what the paper looked for under it.
FRAMEWORK = [
    ("Focus", [
        ("Clarity of Purpose",
         "The partnership has a clear purpose: a constitution, a mission statement and a long-term vision agreed by "
         "its partners."),
        ("Clarity of Partners Roles",
         "Partners' roles and responsibilities are clearly identified and understood."),
        ("Adding Value in Meeting Communities Needs",
         "The partnership's work has a positive impact on the community, responds to what the community says it "
         "needs, and does not duplicate the work of others."),
    ]),
    ("Membership", [
        ("Appropriate Membership",
         "Members come from a wide range of groups and organisations, and most members contribute to the work."),
        ("Ability to change Membership as required",
         "Membership is reviewed regularly, new members are attracted openly, and the partnership knows why "
         "members leave or lose interest."),
    ]),
    ("Efficiency and Effectiveness", [
        ("Measurement of Inputs",
         "The financial and time resources that members contribute are measured."),
        ("Effective Operating of the Partnership",
         "The work follows agreed outcomes, helps other bodies reach resources, and is performance managed across "
         "the partnership as a whole."),
    ]),
    ("Accountability and Transparency", [
        ("Openness and Transparency",
         "Progress is reported against targets, minutes and meetings are open to the public, and the public is "
         "invited to contribute."),
        ("Inclusive and Impartial Approach",
         "Meetings are frequent enough but not too frequent, leave time for valuable discussion, and every partner "
         "is encouraged to contribute."),
        ("Reporting from the Partnership",
         "The partnership reports regularly to those who hold it to account, such as overview and scrutiny panels."),
    ]),
    ("Learning and Sharing", [
        ("Ability to Learn from others",
         "The partnership learns from other partnerships and shares what it knows with them, within the county and "
         "beyond."),
        ("Ability to learn from its own experience and to develop skills within the partnership",
         "The partnership identifies the skills and experience of its members, uses them in planning its work, and "
         "develops them."),
        ("Ability to adapt and develop",
         "The partnership changes what it does in the light of what it has learned, and is willing to improve."),
    ]),
    ("Evaluation and Monitoring", [
        ("Monitoring against stated Targets, Milestones and Outcomes",
         "The partnership knows its targets, manages performance against milestones and measurable outcomes, and "
         "every partner contributes to delivery."),
    ]),
    ("Leading by Example", [
        ("Leading by Example",
         "The partnership leads by example on shared priorities, such as cutting the council's CO2 emissions "
         "(NI185)."),
    ]),
]


def ensure_framework(criterion_model=Criterion, question_model=Question):
    """Create or correct the seven criteria and their questions; running it again changes
    nothing. The data migration passes its historical models."""
    existing = {c.number: c for c in criterion_model.objects.all()}
    questions = {(q.criterion_id, q.position): q for q in question_model.objects.all()}
    for number, (name, items) in enumerate(FRAMEWORK, start=1):
        criterion = existing.get(number)
        if criterion is None:
            criterion = criterion_model.objects.create(number=number, name=name)
        elif criterion.name != name:
            criterion.name = name
            criterion.save(update_fields=["name"])
        for position, (heading, text) in enumerate(items, start=1):
            question = questions.get((criterion.pk, position))
            if question is None:
                question_model.objects.create(criterion=criterion, position=position, heading=heading, text=text)
            elif (question.heading, question.text) != (heading, text):
                question.heading, question.text = heading, text
                question.save(update_fields=["heading", "text"])


def framework():
    """The criteria in order, each with its questions prefetched. Two queries."""
    return list(Criterion.objects.prefetch_related(Prefetch("questions", queryset=Question.objects.order_by("position"))))
