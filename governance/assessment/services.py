"""Self-assessment against seed 002's evaluation framework (governance/assessment/framework.py): rounds,
scores, evidence and results.

A body's members score each sub-heading of the seven criteria from 1 (not at all) to 5 (fully);
staff add the evidence (the paper's "CP's Performance" column); results are averaged per
criterion with their spread and number of respondents, and compared across a body's rounds.
"""

import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, F, StdDev
from django.http import Http404
from django.utils import timezone

from partnerships.models import Body, Membership, period_includes

from .framework import ensure_framework, framework
from .models import Assessment, AssessmentStatus, Criterion, Evidence, Question, Scale, Score
from .policy import assessment_policy
from .proposals import proposals_for_body

# Reads ------------------------------------------------------------------------------------------


def body_assessments(user, body):
    """The body's assessments the user may read, newest first."""
    return assessment_policy.visible(user, Assessment.objects.filter(body=body)).select_related("body").order_by(
        "-opened_on", "-pk"
    )


def assessment_get_for_user(user, pk):
    """The assessment if the user reads its body's private material; 404 otherwise."""
    try:
        return assessment_policy.visible(user).select_related("body", "created_by").get(pk=pk)
    except (Assessment.DoesNotExist, ValueError):
        raise Http404("No such self-assessment.") from None


def bodies_with_assessments(user):
    """Bodies with rounds the user may read, each with `rounds`, its number of rounds."""
    return (
        Body.objects.filter(pk__in=assessment_policy.visible(user).values("body_id"))
        .annotate(rounds=Count("assessments", distinct=True)).order_by("name")
    )


def open_assessments_for(user):
    """Open rounds the user may score, soonest closing first. Three queries."""
    return assessment_policy.scorable(user).select_related("body").order_by(F("closes_on").asc(nulls_last=True), "pk")


def member_scores(assessment, member):
    """{question id: Score} of one member's scores on the assessment."""
    return {s.question_id: s for s in Score.objects.filter(assessment=assessment, member=member)}


@dataclass
class QuestionResult:
    question: Question
    scores: list = field(default_factory=list)
    comments: list = field(default_factory=list)  # without names: members comment candidly

    @property
    def respondents(self):
        return len(self.scores)

    @property
    def average(self):
        return statistics.fmean(self.scores) if self.scores else None

    @property
    def low(self):
        return min(self.scores, default=None)

    @property
    def high(self):
        return max(self.scores, default=None)

    @property
    def distribution(self):
        """How many members gave each score, 1 to 5."""
        return [(value, label, self.scores.count(value)) for value, label in Scale.choices]


@dataclass
class CriterionResult:
    criterion: Criterion
    questions: list
    respondents: int = 0
    evidence: list = field(default_factory=list)
    proposals: list = field(default_factory=list)

    @property
    def scores(self):
        return [s for q in self.questions for s in q.scores]

    @property
    def average(self):
        scores = self.scores
        return statistics.fmean(scores) if scores else None

    @property
    def spread(self):
        """The standard deviation of the scores: how far members disagree."""
        scores = self.scores
        return statistics.pstdev(scores) if len(scores) > 1 else (0.0 if scores else None)

    @property
    def low(self):
        return min(self.scores, default=None)

    @property
    def high(self):
        return max(self.scores, default=None)

    @property
    def percent(self):
        """The average as a share of the scale's length (1 is 0%, 5 is 100%), for bars."""
        return None if self.average is None else round(100 * (self.average - 1) / 4)


@dataclass
class AssessmentResults:
    assessment: Assessment
    criteria: list
    respondents: int
    eligible: int

    @property
    def response_rate(self):
        return round(100 * self.respondents / self.eligible) if self.eligible else None


def _eligible_on(memberships, on):
    """People holding any membership active on `on`, from (person id, start, end) rows."""
    return {p for p, start, end in memberships if period_includes(start, end, on)}


def _body_memberships(body):
    return list(Membership.objects.filter(body=body).values_list("person_id", "start", "end"))


def _eligibility_date(assessment):
    """Members on the closing date, or today while the round is open and undated."""
    today = timezone.localdate()
    return min(assessment.closes_on, today) if assessment.closes_on else today


def assessment_results(assessment, *, proposals=None):
    """Results per criterion and question with the evidence and the proposals that serve each
    criterion. A fixed number of queries whatever the number of members."""
    criteria = framework()
    by_question = defaultdict(list)
    comments = defaultdict(list)
    members_by_criterion = defaultdict(set)
    members = set()
    question_criterion = {q.pk: c.pk for c in criteria for q in c.questions.all()}
    for question_id, member_id, score, comment in Score.objects.filter(assessment=assessment).values_list(
        "question_id", "member_id", "score", "comment"
    ).order_by("updated_at", "pk"):
        by_question[question_id].append(score)
        if comment:
            comments[question_id].append(comment)
        members_by_criterion[question_criterion.get(question_id)].add(member_id)
        members.add(member_id)
    evidence = defaultdict(list)
    for item in assessment.evidence.select_related("added_by").order_by("pk"):
        evidence[item.criterion_id].append(item)
    proposals_by_criterion = defaultdict(list)
    if proposals is None:
        proposals = proposals_for_body(assessment.body)
    for proposal in proposals:
        for criterion in proposal.criteria.all():
            proposals_by_criterion[criterion.pk].append(proposal)
    results = [
        CriterionResult(
            criterion=c,
            questions=[QuestionResult(q, by_question[q.pk], comments[q.pk]) for q in c.questions.all()],
            respondents=len(members_by_criterion[c.pk]),
            evidence=evidence[c.pk],
            proposals=proposals_by_criterion[c.pk],
        )
        for c in criteria
    ]
    eligible = _eligible_on(_body_memberships(assessment.body), _eligibility_date(assessment))
    return AssessmentResults(assessment, results, len(members), len(eligible | members))


@dataclass
class Trend:
    """One criterion's average in each of a body's assessments, oldest first."""

    criterion: Criterion
    cells: list  # [(assessment, average or None, respondents, spread or None)]

    @property
    def change(self):
        """The latest average less the one before it, to one decimal place, when both exist."""
        values = [cell[1] for cell in self.cells if cell[1] is not None]
        return round(values[-1] - values[-2], 1) if len(values) > 1 else None


def results_over_time(assessments):
    """Each criterion's average, respondents and spread across `assessments` (oldest first),
    and each assessment's overall respondents. Three queries whatever their number."""
    assessments = sorted(assessments, key=lambda a: (a.opened_on, a.pk))
    rows = (
        Score.objects.filter(assessment__in=assessments)
        .values("assessment_id", "question__criterion_id")
        .annotate(average=Avg("score"), respondents=Count("member", distinct=True), spread=StdDev("score"))
        .order_by()
    )
    cells = {(r["assessment_id"], r["question__criterion_id"]): r for r in rows}
    respondents = dict(
        Score.objects.filter(assessment__in=assessments).values("assessment_id")
        .annotate(n=Count("member", distinct=True)).order_by().values_list("assessment_id", "n")
    )
    trends = []
    for criterion in Criterion.objects.order_by("number"):
        row_cells = []
        for assessment in assessments:
            row = cells.get((assessment.pk, criterion.pk))
            row_cells.append(
                (assessment, row["average"], row["respondents"], row["spread"]) if row else (assessment, None, 0, None)
            )
        trends.append(Trend(criterion, row_cells))
    return trends, [(a, respondents.get(a.pk, 0)) for a in assessments]


# Writes -----------------------------------------------------------------------------------------


def open_assessment(*, body, title, opened_on=None, closes_on=None, user=None):
    """Open a round of self-assessment for `body`; a round whose closing date has passed is
    closed first, and a body has one open round at a time."""
    ensure_framework()
    opened_on = opened_on or timezone.localdate()
    with transaction.atomic():
        Assessment.objects.select_for_update().filter(
            body=body, status=AssessmentStatus.OPEN, closes_on__lt=timezone.localdate()
        ).update(status=AssessmentStatus.CLOSED)
        assessment = Assessment(
            body=body, title=(title or "").strip(), opened_on=opened_on, closes_on=closes_on,
            created_by=user if user is not None and user.is_authenticated else None,
        )
        assessment.full_clean()
        try:
            with transaction.atomic():
                assessment.save()
        except IntegrityError:
            raise ValidationError(f"{body} already has an open self-assessment.") from None
    return assessment


def close_assessment(assessment):
    """Close the round: no more scores."""
    with transaction.atomic():
        updated = Assessment.objects.filter(pk=assessment.pk, status=AssessmentStatus.OPEN).update(
            status=AssessmentStatus.CLOSED
        )
    if not updated:
        raise ValidationError("This self-assessment is already closed.")
    assessment.status = AssessmentStatus.CLOSED
    return assessment


def record_scores(*, assessment, member, answers):
    """Save one member's scores: `answers` maps question ids to (score or None, comment). A
    score replaces the member's earlier one; None ("don't know") removes it. Returns the number
    of scores the member now has on the assessment."""
    with transaction.atomic():
        assessment = Assessment.objects.select_for_update().select_related("body").get(pk=assessment.pk)
        if not assessment.is_open:
            raise ValidationError("This self-assessment is closed: scores can no longer be changed.")
        if not Membership.objects.active_on(timezone.localdate()).filter(body=assessment.body, person=member).exists():
            raise ValidationError(f"Only members of {assessment.body} score its self-assessment.")
        questions = set(Question.objects.filter(pk__in=answers).values_list("pk", flat=True))
        unknown = set(answers) - questions
        if unknown:
            raise ValidationError("The form asked about a question that is not in the framework: reload it and try again.")
        if not any(score is not None for score, _comment in answers.values()):
            raise ValidationError("Score at least one statement.")
        existing = member_scores(assessment, member)
        errors = []
        for question_id, (score, comment) in answers.items():
            comment = (comment or "").strip()
            current = existing.get(question_id)
            if score is None:
                if comment:
                    errors.append("A comment needs a score to go with it.")
                elif current is not None:
                    current.delete()
                continue
            current = current or Score(assessment=assessment, question_id=question_id, member=member)
            current.score, current.comment = score, comment
            try:
                current.full_clean()
            except ValidationError:
                errors.append(f"{score!r} is not a score: choose from 1 (not at all) to 5 (fully).")
                continue
            current.save()
        if errors:
            raise ValidationError(sorted(set(errors)))
        return Score.objects.filter(assessment=assessment, member=member).count()


def add_evidence(*, assessment, criterion, text, link="", user=None):
    """Record evidence for one criterion of an assessment."""
    evidence = Evidence(
        assessment=assessment, criterion=criterion, text=(text or "").strip(), link=(link or "").strip(),
        added_by=user if user is not None and user.is_authenticated else None,
    )
    evidence.full_clean()
    evidence.save()
    return evidence


def default_title(body, on=None):
    on = on or timezone.localdate()
    return f"{body.name} self-assessment {on:%Y}"


# The bar chart of a round's results (the page and the PDF draw the same inline SVG).
CHART_LABEL, CHART_PLOT, CHART_ROW, CHART_TOP = 300, 400, 40, 34


def results_chart(results):
    """Geometry of a horizontal bar per criterion on a 0 to 5 axis, with the range of scores
    as a whisker."""

    def x(value):
        return CHART_LABEL + value / 5 * CHART_PLOT

    rows = []
    for index, result in enumerate(results.criteria):
        top = CHART_TOP + index * CHART_ROW
        row = {
            "result": result, "y": top + 8, "text_y": top + CHART_ROW / 2 + 5, "mid_y": top + CHART_ROW / 2,
            "bar_width": None,
        }
        if result.average is not None:
            row.update(
                bar_width=round(x(result.average) - CHART_LABEL, 1), value_x=CHART_LABEL + CHART_PLOT + 14,
                low_x=round(x(result.low), 1), high_x=round(x(result.high), 1),
            )
        rows.append(row)
    height = CHART_TOP + len(rows) * CHART_ROW + 10
    return {
        "width": CHART_LABEL + CHART_PLOT + 60, "height": height, "plot_x": CHART_LABEL, "rows": rows,
        "bar_height": CHART_ROW - 16, "axis_bottom": height - 10,
        "ticks": [{"value": v, "x": x(v)} for v in range(6)],
    }
