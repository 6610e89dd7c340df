"""What a reading covers: which version of the minutes a user reads (the newest they may, the
settled ones: approved or published), meetings with their minutes' status, and meetings
narrowed by body and dates.

What a user may see comes from meetings/policy.py (meeting_policy); these functions only
shape it. Each list costs a fixed number of queries, whatever the number of meetings."""


from django.db.models import (
    Exists,
    OuterRef,
    Q,
    Subquery,
)

from ..models import (
    Meeting,
    MinutesStatus,
)
from ..policy import meeting_policy


def newest_of(versions):
    """The newest of `versions` for each meeting."""
    newer = versions.filter(meeting=OuterRef("meeting"), version__gt=OuterRef("version"))
    return versions.filter(~Exists(newer))


def current_minutes(user):
    """Each meeting's version of the minutes that `user` should read: the newest version the
    user may see. The body's readers see drafts, so theirs is the newest whatever its status;
    everyone else's is the newest published version of a public meeting."""
    return newest_of(meeting_policy.visible_minutes(user))


def settled_minutes(user):
    """Each meeting's newest version that is published, or approved for the body's readers.
    Drafts stay out of the decisions register: a decision is on record once the minutes are
    agreed as a correct record."""
    return newest_of(
        meeting_policy.visible_minutes(user).filter(status__in=[MinutesStatus.PUBLISHED, MinutesStatus.APPROVED])
    )


def newest_published(user):
    return newest_of(meeting_policy.visible_minutes(user).filter(status=MinutesStatus.PUBLISHED))


def with_minutes_status(meetings, user):
    """Meetings annotated with `minutes_status`: the status of the version the user reads."""
    versions = current_minutes(user).filter(meeting=OuterRef("pk"))
    return meetings.annotate(minutes_status=Subquery(versions.values("status")[:1]))


def meetings_of(body):
    """Meetings a body holds or joins (seed 004: joint meetings with neighbouring bodies)."""
    joint = Meeting.joint_with.through.objects.filter(body=body).values("meeting_id")
    return Q(body=body) | Q(pk__in=joint)


def of_meetings(rows, meeting, *, body=None, date_from=None, date_to=None):
    """`rows` narrowed to the meetings of `body` held between the two dates (each optional);
    `meeting` is the lookup path from a row to its meeting."""
    if body is not None:
        rows = rows.filter(**{f"{meeting}__body": body})
    if date_from is not None:
        rows = rows.filter(**{f"{meeting}__starts_at__date__gte": date_from})
    if date_to is not None:
        rows = rows.filter(**{f"{meeting}__starts_at__date__lte": date_to})
    return rows
