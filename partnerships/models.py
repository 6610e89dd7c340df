"""The partnership's structure: bodies in a tree, organisations, people and their seats.

Vocabulary follows the seeds: Cumbria's framework (seed 001), the Horsham table of layers,
sizes and frequencies (seed 004), and dissolution without losing history (seed 000).
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from mptt.exceptions import InvalidMove
from mptt.managers import TreeManager
from mptt.models import MPTTModel, TreeForeignKey
from mptt.querysets import TreeQuerySet

from .sources import HORSHAM_REVIEW
from .tree import TREE_FIELDS, own_branch_error, refresh_tree_fields, tree_lock


class BodyKind(models.TextChoices):
    FORUM = "forum", "Partnership forum"
    CONFERENCE = "conference", "Partnership conference"
    BOARD = "board", "Board or leadership forum"
    EXECUTIVE = "executive", "Executive"
    CHIEF_EXECUTIVES = "chief_executives", "Chief executives group"
    JOINT_CHAIRS = "joint_chairs", "Joint chairs group"
    THEMATIC = "thematic", "Thematic partnership or priority group"
    LOCALITY = "locality", "Locality or area partnership"
    CONVENERS = "conveners", "Conveners"
    TASK_GROUP = "task_group", "Task-and-finish or delivery group"
    PROJECT_GROUP = "project_group", "Project group"


class Layer(models.TextChoices):
    # Audit Commission's three layers of joint working (seed 004).
    STRATEGIC = "strategic", "Strategic"
    EXECUTIVE = "executive", "Executive"
    OPERATIONAL = "operational", "Operational"


class Sector(models.TextChoices):
    PUBLIC = "public", "Public"
    BUSINESS = "business", "Private and business"
    VOLUNTARY = "voluntary", "Voluntary and community"
    FAITH = "faith", "Faith"
    ACADEMIC = "academic", "Academic"


class CouncilTier(models.TextChoices):
    COUNTY = "county", "County council"
    DISTRICT = "district", "District council"
    PARISH = "parish", "Parish or town council"
    UNITARY = "unitary", "Unitary council"


class Role(models.TextChoices):
    CHAIR = "chair", "Chair"
    VICE_CHAIR = "vice_chair", "Vice-chair"
    MEMBER = "member", "Member"
    OFFICER = "officer", "Officer or support"
    OBSERVER = "observer", "Observer"
    CO_OPTED = "co_opted", "Co-opted member"


# Roles that count towards a body's size (officers and observers support or watch, they do
# not sit on the body).
SEATED_ROLES = (Role.CHAIR, Role.VICE_CHAIR, Role.MEMBER, Role.CO_OPTED)


class LinkKind(models.TextChoices):
    REPORTS_TO = "reports_to", "Reports to"
    ADVISES = "advises", "Advises"
    HOLDS_TO_ACCOUNT = "holds_to_account", "Holds to account"
    SUPPORTS = "supports", "Supports"


def active_on_q(on, start="start", end="end", end_inclusive=True):
    """Rows whose [start, end] period includes the date `on`; open ends are unbounded."""
    started = Q(**{f"{start}__isnull": True}) | Q(**{f"{start}__lte": on})
    end_lookup = f"{end}__gte" if end_inclusive else f"{end}__gt"
    not_ended = Q(**{f"{end}__isnull": True}) | Q(**{end_lookup: on})
    return started & not_ended


def period_includes(start, end, on, end_inclusive=True):
    """active_on_q for one row's values: whether [start, end] includes `on`."""
    if start is not None and start > on:
        return False
    return end is None or (end >= on if end_inclusive else end > on)


def membership_active_q(on, prefix=""):
    """Memberships (reached through `prefix`, e.g. "memberships__") held on `on`: the seat's
    first and last days both count. Membership.objects.active_on and is_active_on agree."""
    return active_on_q(on, f"{prefix}start", f"{prefix}end")


def body_standing_q(on, prefix=""):
    """Bodies (reached through `prefix`) standing on `on`: established by then (or undated) and
    not dissolved; a body dissolved on a day no longer stands that day. Body.objects.standing_on
    and Body.exists_on agree."""
    return active_on_q(on, f"{prefix}established", f"{prefix}dissolved", end_inclusive=False)


class Organisation(models.Model):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    sector = models.CharField(max_length=20, choices=Sector.choices)
    tier = models.CharField(
        "council tier", max_length=20, choices=CouncilTier.choices, blank=True,
        help_text="For councils only.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partnerships:organisation", kwargs={"slug": self.slug})


class Person(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    email = models.EmailField(blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="person", help_text="The login this person uses, if any.",
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self):
        return self.name


class BodyQuerySet(TreeQuerySet):
    def standing_on(self, on):
        """The bodies standing on `on` (body_standing_q)."""
        return self.filter(body_standing_q(on))


class BodyTreeManager(TreeManager.from_queryset(BodyQuerySet)):
    def move_node(self, node, target, position="last-child"):
        """Every move (services, the admin's drag and drop) passes the same own-branch rule."""
        with tree_lock():
            if target is not None:
                # mptt places a left/right move under the target's parent as loaded: reload it.
                target.refresh_from_db(fields=[*TREE_FIELDS, "parent"])
            new_parent = target if position in ("first-child", "last-child") else getattr(target, "parent", None)
            error = own_branch_error(node, new_parent) or (
                own_branch_error(node, target) if target is not None and target.pk == node.pk else None
            )
            if error:
                raise InvalidMove(error)
            super().move_node(node, target, position)

    def rebuild(self, *args, **kwargs):
        with tree_lock():
            super().rebuild(*args, **kwargs)

    def partial_rebuild(self, *args, **kwargs):
        with tree_lock():
            super().partial_rebuild(*args, **kwargs)


class Body(MPTTModel):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=BodyKind.choices)
    layer = models.CharField(max_length=20, choices=Layer.choices, blank=True)
    parent = TreeForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    purpose = models.TextField(blank=True)
    roles = models.TextField(
        blank=True, help_text="One role per line, as the body's terms of reference list them."
    )
    size_min = models.PositiveSmallIntegerField("optimum size from", null=True, blank=True)
    size_max = models.PositiveSmallIntegerField("optimum size to", null=True, blank=True)
    meets_every_months = models.PositiveSmallIntegerField(
        "expected meeting interval (months)", null=True, blank=True
    )
    established = models.DateField(null=True, blank=True)
    dissolved = models.DateField(
        null=True, blank=True, help_text="The first day the body no longer exists."
    )
    public = models.BooleanField(
        default=True, help_text="Public bodies are listed on the public structure chart."
    )
    successors = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="predecessors",
        help_text="Bodies that took over this body's work when it was dissolved.",
    )

    objects = BodyTreeManager()

    class Meta:
        verbose_name_plural = "bodies"
        permissions = [
            ("view_private_body", "Can see the body's non-public material"),
            ("manage_body", "Can manage the body's records"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(dissolved__isnull=True)
                | Q(established__isnull=True)
                | Q(dissolved__gt=F("established")),
                name="body_dissolved_after_established",
                violation_error_message="A body must be dissolved after it was established.",
            ),
            models.CheckConstraint(
                condition=Q(size_min__isnull=True)
                | Q(size_max__isnull=True)
                | Q(size_max__gte=F("size_min")),
                name="body_size_range_ordered",
                violation_error_message="The optimum size's upper bound is below its lower bound.",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partnerships:body", kwargs={"slug": self.slug})

    @property
    def role_list(self):
        return [line.strip(" -*\u2022\u00b7\t") for line in self.roles.splitlines() if line.strip(" -*\u2022\u00b7\t")]

    def exists_on(self, on: datetime.date):
        """Whether the body stood on `on`: body_standing_q for this one body."""
        return period_includes(self.established, self.dissolved, on, end_inclusive=False)

    def save(self, *args, **kwargs):
        # Positions read before the lock may be stale: reload them once the lock is held.
        with tree_lock():
            refresh_tree_fields(self, self.parent)
            super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        with tree_lock():
            return super().delete(*args, **kwargs)


class BodyPlacementQuerySet(models.QuerySet):
    def on(self, on):
        return self.filter(active_on_q(on, end_inclusive=False))


class BodyPlacement(models.Model):
    """Where a body sat in the tree, and when: the tree itself (mptt) is today's structure,
    these rows are its history. A body with no rows has always sat under its current parent."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="placements")
    parent = models.ForeignKey(
        Body, null=True, blank=True, on_delete=models.CASCADE, related_name="placed_under",
        help_text="Empty when the body stood at the top of the structure.",
    )
    start = models.DateField(
        null=True, blank=True, help_text="The first day under this parent; empty when unknown (since it was established)."
    )
    end = models.DateField(null=True, blank=True, help_text="The first day the body sat elsewhere; empty while it still sits here.")

    objects = BodyPlacementQuerySet.as_manager()

    class Meta:
        ordering = ["body", F("start").asc(nulls_first=True)]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(start__isnull=True) | Q(end__gt=F("start")),
                name="body_placement_ends_after_start",
                violation_error_message="A placement must end after it starts.",
            ),
            models.CheckConstraint(
                condition=~Q(parent=F("body")), name="body_placement_not_under_itself",
                violation_error_message="A body cannot sit under itself.",
            ),
        ]

    def __str__(self):
        where = f"under {self.parent}" if self.parent_id else "at the top of the structure"
        since = f" from {self.start:%-d %B %Y}" if self.start else ""
        until = f" until {self.end:%-d %B %Y}" if self.end else ""
        return f"{self.body} {where}{since}{until}"


class MembershipQuerySet(models.QuerySet):
    def active_on(self, on):
        return self.filter(membership_active_q(on))

    def seated(self):
        return self.filter(role__in=SEATED_ROLES)


class Membership(models.Model):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT,
        related_name="memberships", help_text="The organisation this person represents.",
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    seat = models.CharField(
        max_length=200, blank=True,
        help_text='The office held, e.g. "Leader of Allerdale Borough Council". '
        "A seat can be held by one person at a time.",
    )
    voting = models.BooleanField(default=True)
    start = models.DateField()
    end = models.DateField(null=True, blank=True, help_text="The last day the seat is held.")
    designated_deputy = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="deputy_for",
        help_text=f"Who attends when this member cannot: {HORSHAM_REVIEW} asks for a designated deputy "
        "for every representative.",
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["body", "role", "person__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                name="membership_ends_after_start",
                violation_error_message="The end date is before the start date.",
            ),
            models.CheckConstraint(
                condition=~Q(designated_deputy=F("person")),
                name="membership_deputy_is_someone_else",
                violation_error_message="A member cannot be their own deputy.",
            ),
        ]

    def __str__(self):
        seat = f" ({self.seat})" if self.seat else ""
        return f"{self.person} – {self.get_role_display()} of {self.body}{seat}"

    def is_active_on(self, on):
        return period_includes(self.start, self.end, on)

    def overlapping_holders_of_seat(self):
        """Other memberships holding the same seat of the same body at any overlapping time."""
        if not self.seat or not self.body_id or not self.start:
            return Membership.objects.none()
        clash = Membership.objects.filter(body_id=self.body_id, seat__iexact=self.seat).filter(
            Q(end__isnull=True) | Q(end__gte=self.start)
        )
        if self.end:
            clash = clash.filter(start__lte=self.end)
        return clash.exclude(pk=self.pk)

    def holds_seat_with(self, other):
        """Whether `other` holds this seat at some time this membership does: the rule of
        overlapping_holders_of_seat, for memberships already in memory (bulk imports)."""
        if not self.seat or other.pk is not None and other.pk == self.pk or other.body_id != self.body_id:
            return False
        return (
            other.seat.upper() == self.seat.upper()
            and (other.end is None or other.end >= self.start)
            and (self.end is None or other.start <= self.end)
        )

    def seat_taken_error(self, holder):
        until = f"until {holder.end:%-d %B %Y}" if holder.end else "with no end date"
        return f'The seat "{self.seat}" is already held by {holder.person} from {holder.start:%-d %B %Y} {until}.'

    def clean(self):
        errors = {}
        if self.start and self.end and self.end < self.start:
            errors["end"] = "The end date is before the start date."
        if self.designated_deputy_id and self.designated_deputy_id == self.person_id:
            errors["designated_deputy"] = "A member cannot be their own deputy."
        if self.body_id and self.start and self.body.dissolved and self.start >= self.body.dissolved:
            errors["start"] = f"{self.body} was dissolved on {self.body.dissolved:%-d %B %Y}: a seat on it must start before then."
        if not errors:
            holder = self.overlapping_holders_of_seat().select_related("person").first()
            if holder:
                errors["seat"] = self.seat_taken_error(holder)
        if errors:
            raise ValidationError(errors)


class BodyLink(models.Model):
    """A relationship outside the tree, e.g. the Chief Executives Group holds Thematic
    Partnerships to account (seed 001)."""

    from_body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="links_out")
    to_body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="links_in")
    kind = models.CharField(max_length=20, choices=LinkKind.choices)

    class Meta:
        ordering = ["from_body__name", "kind", "to_body__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["from_body", "to_body", "kind"], name="body_link_unique",
                violation_error_message="These bodies are already linked this way.",
            ),
            models.CheckConstraint(
                condition=~Q(from_body=F("to_body")), name="body_link_not_to_itself",
                violation_error_message="A body cannot be linked to itself.",
            ),
        ]

    def __str__(self):
        return f"{self.from_body} {self.get_kind_display().lower()} {self.to_body}"


# Direct foreign-key object permissions (guardian's recommended layout for large tables): the
# policy in partnerships/policy.py reads these; views never ask guardian directly.
class BodyUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Body, on_delete=models.CASCADE)


class BodyGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Body, on_delete=models.CASCADE)
