"""The norms the governance health check measures each kind of body against (seed 004, "When
the talking has to stop": its table of optimum sizes, its meeting frequencies, designated
deputies and sector balance). Staff may change them per kind; a body's own optimum size and
meeting interval (partnerships.Body.size_min / size_max / meets_every_months) override its
kind's when set."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from partnerships.models import BodyKind, CouncilTier, Sector
from partnerships.sources import CUMBRIA_FRAMEWORK, HORSHAM_REVIEW

SIZE_QUOTE = (
    "Generally speaking, the most effective partnership groups are relatively small – larger "
    "meetings are widely seen as no more than “talking shops” which rapidly alienate key "
    "organisations, particularly business and countywide and regional bodies."
)
FREQUENCY_QUOTE = "The frequency of meetings should be determined by need rather than habit."

_PUBLIC_BUSINESS_VOLUNTARY = [Sector.PUBLIC.value, Sector.BUSINESS.value, Sector.VOLUNTARY.value]
_ALL_TIERS = [CouncilTier.COUNTY.value, CouncilTier.DISTRICT.value, CouncilTier.PARISH.value]
_UPPER_TIERS = [CouncilTier.COUNTY.value, CouncilTier.DISTRICT.value]

# Seed 004's table and frequency list, kind by kind. Kinds the seed does not name take the
# nearest kind it does (a chief executives group is seed 004's Executive: "Chief
# Executive/Director/Area Commander level representation"); where the seeds give no norm the
# field is empty and no finding is made. "About every two months" is read as 5 to 8 a year.
DEFAULT_STANDARDS = {
    BodyKind.FORUM: dict(
        meetings_per_year_min=1, expects_deputies=False, expected_sectors=_PUBLIC_BUSINESS_VOLUNTARY,
        source=f"{HORSHAM_REVIEW}: a conference annually (depending on demand), size “unlimited unless there are "
        f"venue and cost constraints”; in the {CUMBRIA_FRAMEWORK}, the Cumbria forum meets bi-annually.",
    ),
    BodyKind.CONFERENCE: dict(
        meetings_per_year_min=1, expects_deputies=False, expected_sectors=_PUBLIC_BUSINESS_VOLUNTARY,
        source=f"{HORSHAM_REVIEW}: “A conference annually (depending on demand)”; “Open invitation to stakeholders in "
        "public services, business, and community & voluntary sectors”; size unlimited.",
    ),
    BodyKind.BOARD: dict(
        size_min=12, size_max=15, meetings_per_year_min=2, meetings_per_year_max=3,
        expected_sectors=_PUBLIC_BUSINESS_VOLUNTARY, expected_tiers=_ALL_TIERS,
        source=f"{HORSHAM_REVIEW}: “The full Board, in its strategic role only needing to meet two or three times a "
        "year”; optimum size 12 – 15, including the chairpersons of the CVS, the Chamber of Commerce and the "
        "Association of Local Councils.",
    ),
    BodyKind.EXECUTIVE: dict(
        size_min=8, size_max=10, meetings_per_year_min=5, meetings_per_year_max=8,
        expected_sectors=[Sector.PUBLIC.value], expected_tiers=_UPPER_TIERS,
        source=f"{HORSHAM_REVIEW}: “An Executive meeting much more frequently ... (around every two months)”; optimum "
        "size 8 – 10, “Chief Executive/Director/Area Commander level representation of county & district "
        "councils, PCT, Police”.",
    ),
    BodyKind.CHIEF_EXECUTIVES: dict(
        size_min=8, size_max=10, meetings_per_year_min=5, meetings_per_year_max=8,
        expected_sectors=[Sector.PUBLIC.value], expected_tiers=_UPPER_TIERS,
        source=f"{HORSHAM_REVIEW}, for an Executive: “around every two months”, optimum size 8 – 10, chief "
        "executive level representation of county & district councils, PCT, Police.",
    ),
    BodyKind.JOINT_CHAIRS: dict(
        meetings_per_year_min=4,
        source=f"{CUMBRIA_FRAMEWORK}: the Joint Chairs Group “receive[s] the quarterly performance reports on "
        "achievement of Community Strategy outcomes”.",
    ),
    BodyKind.THEMATIC: dict(
        size_min=8, size_max=10, meetings_per_year_min=4, expected_sectors=_PUBLIC_BUSINESS_VOLUNTARY,
        source=f"{HORSHAM_REVIEW}: “Thematic Groups meeting regularly (at least quarterly)”; optimum size 8 – 10; "
        "“You should include voluntary, academic and business sectors as appropriate.”",
    ),
    BodyKind.LOCALITY: dict(source="The reviews these norms come from set no size or frequency for locality "
                            "partnerships."),
    BodyKind.CONVENERS: dict(source="The reviews these norms come from set no size or frequency for the conveners."),
    BodyKind.TASK_GROUP: dict(
        expects_deputies=False,
        source=f"{HORSHAM_REVIEW}: “Ad hoc delivery or time-limited project teams meeting as necessary to progress "
        "key tasks.”",
    ),
    BodyKind.PROJECT_GROUP: dict(
        expects_deputies=False,
        source=f"{HORSHAM_REVIEW}: “Ad hoc delivery or time-limited project teams meeting as necessary to progress "
        "key tasks.”",
    ),
}


class KindStandard(models.Model):
    """What a kind of body should look like: size, meetings a year, deputies, sectors and council
    tiers. Empty fields make no finding."""

    kind = models.CharField(max_length=20, choices=BodyKind.choices, unique=True)
    size_min = models.PositiveSmallIntegerField("optimum size from", null=True, blank=True)
    size_max = models.PositiveSmallIntegerField("optimum size to", null=True, blank=True)
    meetings_per_year_min = models.PositiveSmallIntegerField(
        "meetings a year, at least", null=True, blank=True,
        help_text="Also sets the expected interval: a body with no meeting in twice it is flagged.",
    )
    meetings_per_year_max = models.PositiveSmallIntegerField("meetings a year, at most", null=True, blank=True)
    expects_deputies = models.BooleanField(
        default=True, help_text=f"{HORSHAM_REVIEW}: “All representatives should have designated deputies”."
    )
    expected_sectors = models.JSONField(
        default=list, blank=True,
        help_text=f"Sectors that should hold a seat, e.g. {_PUBLIC_BUSINESS_VOLUNTARY}. "
        f"Choices: {', '.join(Sector.values)}.",
    )
    expected_tiers = models.JSONField(
        "expected council tiers", default=list, blank=True,
        help_text=f"Council tiers that should hold a seat in a two-tier area: {HORSHAM_REVIEW} asks for “council "
        f"representation (at county, district and parish level)”. Choices: {', '.join(CouncilTier.values)}.",
    )
    source = models.TextField(blank=True, help_text="Where the norm comes from, quoted.")

    class Meta:
        ordering = ["kind"]
        constraints = [
            models.CheckConstraint(
                condition=Q(size_min__isnull=True) | Q(size_max__isnull=True) | Q(size_max__gte=F("size_min")),
                name="kind_standard_size_ordered",
                violation_error_message="The optimum size's upper bound is below its lower bound.",
            ),
            models.CheckConstraint(
                condition=Q(meetings_per_year_min__isnull=True) | Q(meetings_per_year_max__isnull=True)
                | Q(meetings_per_year_max__gte=F("meetings_per_year_min")),
                name="kind_standard_meetings_ordered",
                violation_error_message="The most meetings a year is below the fewest.",
            ),
            models.CheckConstraint(
                condition=Q(meetings_per_year_min__isnull=True) | Q(meetings_per_year_min__gt=0),
                name="kind_standard_meets_at_least_once",
                violation_error_message="Leave “meetings a year, at least” empty rather than 0.",
            ),
        ]

    def __str__(self):
        return f"Standard for {self.get_kind_display().lower()}"

    def clean(self):
        errors = {}
        for field, choices in (("expected_sectors", Sector), ("expected_tiers", CouncilTier)):
            value = getattr(self, field)
            if not isinstance(value, list) or any(v not in choices.values for v in value):
                errors[field] = f"Give a list of these values: {', '.join(choices.values)}."
        if errors:
            raise ValidationError(errors)

    @classmethod
    def default_for(cls, kind):
        """The unsaved seed default for `kind` (a kind added later gets no norms)."""
        return cls(kind=kind, **DEFAULT_STANDARDS.get(kind, {}))


def create_default_standards(model=KindStandard):
    """Create the seed defaults for kinds that have no standard yet; `model` is the historical
    model in a migration. Changes nothing that staff have set."""
    taken = set(model.objects.values_list("kind", flat=True))
    model.objects.bulk_create(
        [model(kind=kind, **values) for kind, values in DEFAULT_STANDARDS.items() if kind not in taken]
    )
