"""Performance management of community-strategy outcomes (seed 001: quarterly reports "with a
focus on exceptions"; seed 002: measurable outcomes with baselines and milestones; seed 004:
Mid Sussex's red/amber/green risk rating and top three risks per theme)."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from config.storage import PrivateFileStorage
from partnerships.models import Body, Organisation, Person
from partnerships.sources import CUMBRIA_FRAMEWORK

from .periods import validate_quarter

QUARTER_FIELD = dict(max_length=6, validators=[validate_quarter], help_text="A quarter like 2009Q3.")


class CommunityStrategy(models.Model):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    partnership = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="strategies")
    period_start = models.DateField()
    period_end = models.DateField()
    description = models.TextField(blank=True)
    amber_tolerance = models.DecimalField(
        max_digits=4, decimal_places=3, default=Decimal("0.100"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
        help_text="How far behind the trajectory (as a share of the baseline-to-target gap) "
        "is still amber rather than red.",
    )
    risk_amber_from = models.PositiveSmallIntegerField(
        default=5, help_text="Risk scores (likelihood x impact) from this are amber."
    )
    risk_red_from = models.PositiveSmallIntegerField(default=15, help_text="Risk scores from this are red.")
    report_recipients = models.ManyToManyField(
        Body, blank=True, related_name="receives_performance_reports",
        help_text="Bodies whose next meeting receives each quarterly report as a paper: in the "
        f"{CUMBRIA_FRAMEWORK}, the Thematic Partnerships and the LSP Joint Chairs Group.",
    )

    class Meta:
        verbose_name_plural = "community strategies"
        ordering = ["-period_start"]
        constraints = [
            models.CheckConstraint(condition=Q(period_end__gt=F("period_start")), name="strategy_period_ordered",
                                   violation_error_message="The strategy must end after it starts."),
            models.CheckConstraint(condition=Q(risk_red_from__gt=F("risk_amber_from")), name="strategy_risk_bands_ordered",
                                   violation_error_message="The red band must start above the amber band."),
        ]

    def __str__(self):
        return self.name


class Theme(models.Model):
    strategy = models.ForeignKey(CommunityStrategy, on_delete=models.CASCADE, related_name="themes")
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200)
    position = models.PositiveSmallIntegerField(default=0)
    lead_body = models.ForeignKey(Body, null=True, blank=True, on_delete=models.SET_NULL, related_name="led_themes")
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["strategy", "position", "name"]
        constraints = [models.UniqueConstraint(fields=["strategy", "slug"], name="theme_slug_unique")]

    def __str__(self):
        return self.name


class Outcome(models.Model):
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="outcomes")
    title = models.CharField(max_length=300)
    position = models.PositiveSmallIntegerField(default=0)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["theme", "position", "pk"]

    def __str__(self):
        return self.title


class Direction(models.TextChoices):
    HIGHER = "higher", "Higher is better"
    LOWER = "lower", "Lower is better"


def led_by_q(body_ids, prefix=""):
    """Indicators (reached through `prefix`, e.g. "measurement__indicator__") whose lead body is
    one of `body_ids`: lead_body_of as a filter."""
    return Q(**{f"{prefix}lead_body_id__in": body_ids}) | Q(
        **{f"{prefix}lead_body__isnull": True, f"{prefix}outcome__theme__lead_body_id__in": body_ids}
    )


def lead_body_of(indicator, theme=None):
    """The rule for who leads an indicator: its own lead body, else its theme's. `theme` is the
    indicator's theme where the caller loaded it separately."""
    if indicator.lead_body_id:
        return indicator.lead_body
    return (theme or indicator.outcome.theme).lead_body


def answerable_bodies(indicator, theme=None):
    """The bodies that answer for an indicator, as the dashboard's body filter reads them: the
    one that leads it (lead_body_of), and the lead of its theme, which answers for every
    indicator in the theme whoever leads it. Bodies not set are left out."""
    theme = theme or indicator.outcome.theme
    return [body for body in dict.fromkeys([lead_body_of(indicator, theme), theme.lead_body]) if body is not None]


def lead_body_id_of(lead_body_id, theme_lead_body_id):
    """lead_body_of for values read with values_list: the indicator's own, else its theme's."""
    return lead_body_id if lead_body_id is not None else theme_lead_body_id


class Indicator(models.Model):
    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(max_length=30, unique=True, help_text="e.g. NI185")
    name = models.CharField(max_length=300)
    unit = models.CharField(max_length=50, blank=True, help_text="e.g. %, tonnes CO2, per 1,000 people")
    direction = models.CharField(max_length=10, choices=Direction.choices, default=Direction.HIGHER)
    baseline_value = models.DecimalField(max_digits=14, decimal_places=3)
    baseline_date = models.DateField()
    lead_body = models.ForeignKey(Body, null=True, blank=True, on_delete=models.SET_NULL, related_name="led_indicators")
    lead_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="led_indicators"
    )
    data_source = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["outcome", "code"]

    def __str__(self):
        return f"{self.code} {self.name}"

    def get_absolute_url(self):
        return reverse("performance:indicator", kwargs={"code": self.code})


class Target(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    period = models.CharField(**QUARTER_FIELD)
    value = models.DecimalField(max_digits=14, decimal_places=3)

    class Meta:
        ordering = ["indicator", "period"]
        constraints = [models.UniqueConstraint(fields=["indicator", "period"], name="target_once_per_period")]

    def __str__(self):
        return f"{self.indicator.code} target {self.period}: {self.value}"


class Milestone(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=300)
    due = models.DateField()
    done_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["indicator", "due"]

    def __str__(self):
        return self.title


class Measurement(models.Model):
    """The current value of an indicator for a quarter; corrections keep the old values in
    MeasurementCorrection."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="measurements")
    period = models.CharField(**QUARTER_FIELD)
    value = models.DecimalField(max_digits=14, decimal_places=3)
    note = models.TextField(blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    entered_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["indicator", "period"]
        constraints = [models.UniqueConstraint(fields=["indicator", "period"], name="measurement_once_per_period")]

    def __str__(self):
        return f"{self.indicator.code} {self.period}: {self.value}"


class MeasurementCorrection(models.Model):
    measurement = models.ForeignKey(Measurement, on_delete=models.CASCADE, related_name="corrections")
    previous_value = models.DecimalField(max_digits=14, decimal_places=3)
    previous_note = models.TextField(blank=True)
    previously_entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    previously_entered_at = models.DateTimeField()
    corrected_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    corrected_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["measurement", "-corrected_at"]

    def __str__(self):
        return f"{self.measurement}: was {self.previous_value}"


class Risk(models.Model):
    """A risk to an outcome or a whole theme, scored on a 5x5 likelihood/impact matrix."""

    theme = models.ForeignKey(Theme, null=True, blank=True, on_delete=models.CASCADE, related_name="risks")
    outcome = models.ForeignKey(Outcome, null=True, blank=True, on_delete=models.CASCADE, related_name="risks")
    description = models.TextField()
    likelihood = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])
    impact = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])
    score = models.GeneratedField(
        expression=F("likelihood") * F("impact"), output_field=models.PositiveSmallIntegerField(), db_persist=True
    )
    owner = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="risks")
    mitigation = models.TextField(blank=True)
    review_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-score", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(theme__isnull=False) | Q(outcome__isnull=False), name="risk_belongs_somewhere",
                violation_error_message="A risk belongs to an outcome or a theme.",
            ),
            models.CheckConstraint(
                condition=Q(likelihood__gte=1, likelihood__lte=5, impact__gte=1, impact__lte=5),
                name="risk_scores_on_five_point_scales",
            ),
        ]

    def __str__(self):
        return self.description[:80]


class PublishedQuarter(models.Model):
    """Staff publish a quarter once its data is checked; only then does the public see it."""

    strategy = models.ForeignKey(CommunityStrategy, on_delete=models.CASCADE, related_name="published_quarters")
    period = models.CharField(**QUARTER_FIELD)
    published_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["strategy", "period"]
        constraints = [models.UniqueConstraint(fields=["strategy", "period"], name="quarter_published_once")]

    def __str__(self):
        return f"{self.strategy} {self.period}"


class ReportStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RENDERING = "rendering", "Rendering"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


def report_storage():
    return PrivateFileStorage("reports")


class PerformanceReport(models.Model):
    strategy = models.ForeignKey(CommunityStrategy, on_delete=models.CASCADE, related_name="reports")
    period = models.CharField(**QUARTER_FIELD)
    status = models.CharField(max_length=20, choices=ReportStatus.choices, default=ReportStatus.QUEUED)
    file = models.FileField(storage=report_storage, upload_to="%Y/", blank=True, max_length=300)
    pages = models.PositiveSmallIntegerField(null=True, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    requested_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    # SHA-256 of the report's content (performance.report.report_document): a report whose
    # content has not changed since an earlier render serves that render's file.
    fingerprint = models.CharField(max_length=64, blank=True, db_index=True)

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            # Requesting a quarter again while one renders does not start a second render.
            models.UniqueConstraint(
                fields=["strategy", "period"], condition=Q(status__in=["queued", "rendering"]),
                name="one_report_in_flight_per_quarter",
            ),
        ]

    def __str__(self):
        return f"{self.strategy} {self.period} report ({self.get_status_display().lower()})"
