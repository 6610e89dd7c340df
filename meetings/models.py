"""Meetings of the partnership's bodies: agendas, papers, attendance, minutes, decisions and
actions, declarations of interest (seed 002: "the minutes and meetings are not publicly
accessible"; seed 004: attendance and substitutes are the symptoms to watch)."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from config.storage import PrivateFileStorage
from partnerships.models import Body, Membership, Person
from partnerships.sources import HORSHAM_REVIEW

from .dates import meeting_date_problem


class MeetingKind(models.TextChoices):
    BUSINESS = "business", "Business meeting"
    CONFERENCE = "conference", "Conference"
    DEEP_DIVE = "deep_dive", "Deep dive"
    FOCUS_ON = "focus_on", "“Focus on” event"
    WORKSHOP = "workshop", "Workshop"
    JOINT = "joint", "Joint meeting"


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"


class Meeting(models.Model):
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="meetings")
    joint_with = models.ManyToManyField(
        Body, blank=True, related_name="joint_meetings",
        help_text=f"Other bodies meeting jointly with this one, as {HORSHAM_REVIEW} recommends with "
        "neighbouring bodies.",
    )
    kind = models.CharField(max_length=20, choices=MeetingKind.choices, default=MeetingKind.BUSINESS)
    title = models.CharField(max_length=200, blank=True)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField(null=True, blank=True)
    venue = models.CharField(max_length=300, blank=True)
    public = models.BooleanField(
        default=True, help_text="Public meetings' published agendas and minutes are on the public site."
    )
    status = models.CharField(max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED)
    agenda_published_at = models.DateTimeField(
        null=True, blank=True, help_text="When the agenda was published; empty while it is a draft."
    )
    agenda_publish_at = models.DateTimeField(
        null=True, blank=True, help_text="Publish the agenda automatically at this time."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_at"]
        indexes = [
            models.Index(fields=["body", "starts_at"]),
            models.Index(fields=["status", "starts_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=F("starts_at")),
                name="meeting_ends_after_it_starts",
                violation_error_message="The meeting must end after it starts.",
            ),
        ]

    def __str__(self):
        return f"{self.body} – {self.display_title} – {self.starts_at:%-d %B %Y}"

    def get_absolute_url(self):
        return reverse("meetings:meeting", kwargs={"pk": self.pk})

    def clean(self):
        problems = {field: meeting_date_problem(getattr(self, field)) for field in ("starts_at", "ends_at")}
        problems = {field: problem for field, problem in problems.items() if problem}
        if problems:
            raise ValidationError(problems)

    @property
    def display_title(self):
        return self.title or self.get_kind_display()

    @property
    def agenda_is_published(self):
        return self.agenda_published_at is not None


class Purpose(models.TextChoices):
    DECISION = "decision", "For decision"
    DISCUSSION = "discussion", "For discussion"
    INFORMATION = "information", "For information"


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)
    presenter = models.CharField(max_length=200, blank=True)
    purpose = models.CharField(max_length=20, choices=Purpose.choices, default=Purpose.DISCUSSION)
    description = models.TextField(blank=True)
    confidential = models.BooleanField(
        default=False,
        help_text="The item and its papers are visible to the body's members only, never to the public.",
    )
    # Public agendas and minutes keep an exempt item's place ("Item 5: exempt") with this reason,
    # usually a paragraph of Schedule 12A to the Local Government Act 1972 (EXEMPT_REASONS).
    exempt_reason = models.CharField(
        max_length=300, blank=True,
        help_text="For confidential items: why the public is excluded, shown in the item's place on public agendas.",
    )
    minutes_of = models.ForeignKey(
        "Meeting", null=True, blank=True, on_delete=models.SET_NULL, related_name="minutes_items",
        help_text="The earlier meeting whose minutes this item approves; they are linked and attached.",
    )

    class Meta:
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="agenda_item_position_unique"),
        ]

    # Not a WithheldItem (meetings/policy.py): the reader may read this item.
    withheld = False

    def __str__(self):
        return f"{self.position}. {self.title}"


# Local Government Act 1972, Schedule 12A, Part 1: the categories of exempt information.
EXEMPT_REASONS = [
    "Paragraph 1: information relating to any individual",
    "Paragraph 2: information likely to reveal the identity of an individual",
    "Paragraph 3: information relating to the financial or business affairs of any particular person",
    "Paragraph 4: information relating to consultations or negotiations on a labour relations matter",
    "Paragraph 5: information subject to legal professional privilege",
    "Paragraph 6: information revealing a proposed notice, order or direction under an enactment",
    "Paragraph 7: information relating to the prevention, investigation or prosecution of crime",
]


class AgendaRevision(models.Model):
    """A change to an agenda after it was published: who made it, when, what changed and why
    (the reason is shown to every reader of the agenda)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_revisions")
    made_at = models.DateTimeField(auto_now_add=True)
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    change = models.CharField(max_length=500)
    reason = models.CharField(max_length=300)

    class Meta:
        ordering = ["meeting", "-made_at", "-pk"]

    def __str__(self):
        return f"{self.meeting}: {self.change}"


def paper_storage():
    # Outside STATIC_ROOT and any URL: papers are served by a view that checks permission.
    return PrivateFileStorage("papers")


class Paper(models.Model):
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="papers")
    title = models.CharField(max_length=300)
    file = models.FileField(storage=paper_storage, upload_to="%Y/%m/", max_length=300)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(
        null=True, blank=True, help_text="When the paper was made available to its readers."
    )

    class Meta:
        ordering = ["item", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("meetings:paper", kwargs={"pk": self.pk})


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "Present"
    APOLOGIES = "apologies", "Apologies"
    ABSENT = "absent", "Absent"
    DEPUTY = "deputy", "Represented by deputy"


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="attendances")
    status = models.CharField(max_length=20, choices=AttendanceStatus.choices)
    deputy = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="attended_as_deputy",
        help_text="Who attended in the member's place.",
    )
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["meeting", "membership__person__name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "membership"], name="attendance_once_per_meeting"),
            models.CheckConstraint(
                condition=(Q(status="deputy") & Q(deputy__isnull=False)) | (~Q(status="deputy") & Q(deputy__isnull=True)),
                name="attendance_deputy_named_when_represented",
                violation_error_message="Name the deputy when, and only when, the member was represented by one.",
            ),
        ]

    def __str__(self):
        return f"{self.membership.person} at {self.meeting}: {self.get_status_display()}"

    @property
    def deputy_is_designated(self):
        return self.deputy_id is not None and self.deputy_id == self.membership.designated_deputy_id


class Guest(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="guests")
    name = models.CharField(max_length=200)
    organisation = models.CharField(max_length=200, blank=True)
    role = models.CharField(max_length=200, blank=True, help_text="e.g. presenting item 4")

    class Meta:
        ordering = ["meeting", "name"]

    def __str__(self):
        return self.name


class QuorumRule(models.Model):
    """A body's quorum, e.g. a third of its voting members (the default)."""

    body = models.OneToOneField(Body, on_delete=models.CASCADE, related_name="quorum_rule")
    fraction = models.DecimalField(
        max_digits=4, decimal_places=3, default=Decimal("0.334"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
        help_text="Share of voting members who must attend, e.g. 0.334 for a third.",
    )
    minimum = models.PositiveSmallIntegerField(default=0, help_text="And never fewer than this many.")
    deputies_count = models.BooleanField(default=True, help_text="A deputy attending counts towards the quorum.")

    def __str__(self):
        return f"Quorum of {self.body}"


class AttendanceRule(models.Model):
    """Carlisle Executive ToR (2006, seed 002): partners, or their deputy, must attend at least
    2 of every 4 meetings or their seat is reviewed. These are the defaults."""

    body = models.OneToOneField(Body, on_delete=models.CASCADE, related_name="attendance_rule")
    window = models.PositiveSmallIntegerField(default=4, validators=[MinValueValidator(1)])
    minimum = models.PositiveSmallIntegerField(default=2)
    deputy_counts = models.BooleanField(default=True)
    apologies_count = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(minimum__lte=F("window")), name="attendance_rule_minimum_within_window",
                violation_error_message="The minimum cannot exceed the number of meetings in the window.",
            ),
        ]

    def __str__(self):
        return f"{self.body}: {self.minimum} of every {self.window} meetings"


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    APPROVED = "approved", "Approved"
    PUBLISHED = "published", "Published"


class Minutes(models.Model):
    """One version of a meeting's minutes. Approved text is immutable: a correction is a new
    version that records its reason and the version it supersedes."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="minutes_versions")
    version = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(max_length=20, choices=MinutesStatus.choices, default=MinutesStatus.DRAFT)
    quorate = models.BooleanField(null=True, blank=True, help_text="Recorded from the attendance.")
    approved_at_meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="minutes_approved",
        help_text="The later meeting at which these minutes were approved.",
    )
    approved_on = models.DateField(null=True, blank=True)
    publish_at = models.DateTimeField(null=True, blank=True, help_text="Publish automatically at this time.")
    published_at = models.DateTimeField(null=True, blank=True)
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    correction_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        verbose_name_plural = "minutes"
        ordering = ["meeting", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "version"], name="minutes_version_unique"),
            models.CheckConstraint(
                condition=Q(supersedes__isnull=True) | ~Q(correction_reason=""),
                name="minutes_correction_has_reason",
                violation_error_message="A correction must say why it was made.",
            ),
        ]

    def __str__(self):
        return f"Minutes of {self.meeting} (v{self.version}, {self.get_status_display().lower()})"

    def get_absolute_url(self):
        return reverse("meetings:minutes", kwargs={"pk": self.meeting_id})

    @property
    def is_locked(self):
        return self.status != MinutesStatus.DRAFT


class MinuteEntry(models.Model):
    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="entries")
    item = models.ForeignKey(AgendaItem, null=True, blank=True, on_delete=models.PROTECT, related_name="minute_entries")
    text = models.TextField()

    class Meta:
        ordering = ["minutes", "item__position", "pk"]
        verbose_name_plural = "minute entries"

    def __str__(self):
        return f"{self.minutes}: {self.item or 'general'}"


class Decision(models.Model):
    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="decisions")
    item = models.ForeignKey(AgendaItem, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions")
    text = models.TextField()

    class Meta:
        ordering = ["minutes", "item__position", "pk"]

    def __str__(self):
        return self.text[:80]


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"


class Action(models.Model):
    """An action from a meeting. It lives beside the minutes, not inside them, so its progress
    can be updated after the minutes are approved."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    item = models.ForeignKey(AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions")
    text = models.TextField()
    owner = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="actions")
    due = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due", "pk"]

    def __str__(self):
        return self.text[:80]

    @property
    def is_overdue(self):
        """Still open after its due date: the one test of "Overdue" wherever actions are listed."""
        return self.status == ActionStatus.OPEN and self.due is not None and self.due < timezone.localdate()


class InterestCategory(models.TextChoices):
    EMPLOYMENT = "employment", "Employment or business"
    MEMBERSHIP = "membership", "Membership of an organisation"
    PROPERTY = "property", "Land or property"
    GIFT = "gift", "Gift or hospitality"
    OTHER = "other", "Other"


class RegisteredInterest(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="registered_interests")
    category = models.CharField(max_length=20, choices=InterestCategory.choices)
    description = models.TextField()
    registered_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["person__name", "-registered_on"]

    def __str__(self):
        return f"{self.person}: {self.description[:60]}"


class DeclarationNature(models.TextChoices):
    PECUNIARY = "pecuniary", "Pecuniary"
    NON_PECUNIARY = "non_pecuniary", "Non-pecuniary"


class Declaration(models.Model):
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="declarations")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="declarations")
    interest = models.ForeignKey(
        RegisteredInterest, null=True, blank=True, on_delete=models.SET_NULL, related_name="declarations"
    )
    nature = models.CharField(max_length=20, choices=DeclarationNature.choices)
    description = models.TextField()
    left_the_room = models.BooleanField(default=False)

    class Meta:
        ordering = ["item", "person__name"]

    def __str__(self):
        return f"{self.person} declared an interest in {self.item}"
