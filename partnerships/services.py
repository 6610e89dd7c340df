"""Writes to the structure. Every tree change runs under the tree lock (tree.py)."""

import datetime
import itertools

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, ProtectedError, Q
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.text import slugify
from mptt.exceptions import InvalidMove

from .models import Body, BodyLink, BodyPlacement, Membership, Organisation, Person
from .placements import chain_up, children_of, parents_on
from .tree import tree_lock

TREE_POSITIONS = ("first-child", "last-child", "left", "right")
RESERVED_SLUGS = {"add"}


def slug_candidates(model, text):
    """The slugs a row named `text` may take, in order of preference: its name, then -2, -3..."""
    base = slugify(text)[:180] or model._meta.model_name
    if base not in RESERVED_SLUGS:  # "add" is the address of the page beside the object pages
        yield base
    for n in itertools.count(2):
        yield f"{base}-{n}"


def unique_slug(model, text, *, exclude_pk=None):
    taken = model.objects.exclude(pk=exclude_pk) if exclude_pk else model.objects.all()
    return next(slug for slug in slug_candidates(model, text) if not taken.filter(slug=slug).exists())


def _save(instance, *, exclude=None):
    """Validate and save; a model with a slug gets a unique one from its name, made once: a
    later change of name keeps the slug, so links to the old name keep working."""
    if hasattr(instance, "slug") and not instance.slug:
        instance.slug = unique_slug(type(instance), str(instance), exclude_pk=instance.pk)
    instance.full_clean(exclude=exclude)
    instance.save()
    return instance


def _record(instance, reason):
    """Save a row again with the reason in its audit-trail entry: for changes its own fields do
    not show (a login given or revoked is the user's, a successor is a link)."""
    instance._change_reason = reason
    instance.save()


def _day(value):
    return f"{value:%-d %B %Y}"


def create_body(*, name, kind, parent=None, **fields):
    """Add a body to the tree, as the last child of `parent` (or as a new root); its place is
    recorded from the day it was established."""
    with tree_lock():
        if parent is not None:
            parent.refresh_from_db()
            established = fields.get("established")
            if parent.dissolved and (established is None or established >= parent.dissolved):
                raise ValidationError({"parent": f"{parent} was dissolved on {_day(parent.dissolved)}."})
        body = _save(Body(name=name, kind=kind, parent=parent, **fields))
        BodyPlacement.objects.create(body=body, parent=parent, start=body.established)
        return body


def update_body(body, **fields):
    """Change a body's details. A new `parent` moves it (with its subtree) from today; the
    position history follows a changed establishment date."""
    with tree_lock():
        parent = fields.pop("parent", body.parent)
        if "dissolved" in fields and fields["dissolved"] != body.dissolved:
            raise ValidationError({"dissolved": "Dissolve a body with dissolve_body, which ends its seats."})
        old_established = body.established
        for field, value in fields.items():
            setattr(body, field, value)
        _save(body)
        if body.established != old_established:
            _follow_establishment(body, old_established)
        if (parent.pk if parent else None) != body.parent_id:
            try:
                move_body(body=body, target=parent)
            except ValidationError as error:
                raise ValidationError({"parent": error.messages}) from error
        return body


def _follow_establishment(body, old_established):
    first, *rest = _placements(body)
    if rest and body.established and rest[0].start <= body.established:
        raise ValidationError({"established": (
            f"{body} moved on {_day(rest[0].start)}, before the new establishment date: "
            "correct its position history first.")})
    if first.start == old_established or (first.start and body.established and first.start < body.established):
        first.start = body.established
        _save(first)


def _placements(body):
    """The body's placements in date order, recording today's place first if it has none."""
    rows = list(body.placements.order_by(F("start").asc(nulls_first=True)))
    if not rows:
        rows = [BodyPlacement.objects.create(body=body, parent_id=body.parent_id, start=body.established)]
    return rows


def _covers(placement, on):
    return (placement.start is None or placement.start <= on) and (placement.end is None or on < placement.end)


def _move_errors(body, new_parent, on, until):
    """Why `body` cannot sit under `new_parent` from `on` until `until` (None: for good)."""
    if body.established and on < body.established:
        return f"{body} was established on {_day(body.established)}: it cannot move before then."
    if body.dissolved and on >= body.dissolved:
        return f"{body} was dissolved on {_day(body.dissolved)}: it cannot move after that."
    if new_parent is None:
        return None
    if new_parent.pk == body.pk:
        return f"{body} cannot be placed under itself: it would be part of its own branch."
    if new_parent.established and on < new_parent.established:
        return f"{new_parent} was only established on {_day(new_parent.established)}."
    if new_parent.dissolved and on >= new_parent.dissolved:
        return f"{new_parent} was dissolved on {_day(new_parent.dissolved)}: choose a body that still exists."
    # Every day the tree changes within the period, the new parent must not sit inside the
    # body's own branch.
    days = {on} | {
        day for row in BodyPlacement.objects.values_list("start", "end") for day in row
        if day is not None and day > on and (until is None or day < until)
    }
    for day in sorted(days):
        parents = parents_on(day)
        parents[body.pk] = new_parent.pk
        if body.pk in chain_up(parents, new_parent.pk) or new_parent.pk in _below(parents, body.pk):
            when = "" if day == timezone.localdate() else f" on {_day(day)}"
            return f"{body} cannot be placed under {new_parent}: {new_parent} is part of {body}'s own branch{when}."
    return None


def _below(parents, pk):
    return {child for child in parents if pk in chain_up(parents, child)}


def move_body(*, body, target, position="last-child", on=None):
    """Move a body (and everything under it) relative to `target` (None makes it a root), from
    the day `on` (today by default). A past date records a restructure that happened before it
    was entered: the structure as it stood on earlier days keeps the old place."""
    if position not in TREE_POSITIONS:
        raise ValidationError(f"Unknown position {position!r}: use one of {', '.join(TREE_POSITIONS)}.")
    today = timezone.localdate()
    on = on or today
    if on > today:
        raise ValidationError({"on": f"{_day(on)} is in the future: record a move on the day it happens."})
    with tree_lock():
        body.refresh_from_db()
        if target is not None:
            target.refresh_from_db()
        if position in ("first-child", "last-child"):
            new_parent = target
        else:
            parent_id = parents_on(on).get(target.pk) if target is not None else None
            new_parent = Body.objects.filter(pk=parent_id).first() if parent_id else None
        rows = _placements(body)
        covering = next((row for row in rows if _covers(row, on)), None)
        if covering is None:  # before the first recorded place: the body did not exist yet
            covering = rows[0]
        until = covering.end
        error = _move_errors(body, new_parent, on, until)
        if error:
            raise ValidationError(error)
        new_parent_id = new_parent.pk if new_parent else None
        if covering.parent_id != new_parent_id:
            _record_place(body, rows, covering, new_parent_id, on)
        if until is None:
            _move_in_tree(body, target, position, new_parent)
        return body


def _record_place(body, rows, covering, parent_id, on):
    index = rows.index(covering)
    before = rows[index - 1] if index > 0 else None
    after = rows[index + 1] if index + 1 < len(rows) else None
    if covering.start is not None and covering.start >= on:
        placement = covering
        placement.parent_id = parent_id
    else:
        placement = BodyPlacement(body=body, parent_id=parent_id, start=on, end=covering.end)
        covering.end = on
        _save(covering)
        before = covering
    # Neighbouring periods under the same parent become one.
    if before is not None and before is not placement and before.parent_id == parent_id and before.end == placement.start:
        before.end = placement.end
        if placement.pk:
            placement.delete()
        placement = before
    if after is not None and after.parent_id == parent_id and after.start == placement.end:
        placement.end = after.end
        after.delete()
    _save(placement)


def _move_in_tree(body, target, position, new_parent):
    if target is None or position in ("first-child", "last-child") or target.parent_id == (new_parent.pk if new_parent else None):
        how = (target, position)
    else:
        how = (new_parent, "last-child")
    try:
        Body.objects.move_node(body, *how)
    except InvalidMove as error:
        raise ValidationError(str(error)) from error


def record_places(*, on=None):
    """Bring the position history in line with the tree after a bulk write (an import): a body
    with no history is placed from its establishment, one whose parent changed moves from `on`."""
    on = on or timezone.localdate()
    with tree_lock():
        current = list(Body.objects.values_list("pk", "parent_id", "established"))
        placed = set(BodyPlacement.objects.values_list("body_id", flat=True).distinct())
        open_rows = {row.body_id: row for row in BodyPlacement.objects.filter(end__isnull=True)}
        new, changed = [], []
        for pk, parent_id, established in current:
            row = open_rows.get(pk)
            if pk not in placed:
                new.append(BodyPlacement(body_id=pk, parent_id=parent_id, start=established))
            elif row is not None and row.parent_id != parent_id:
                if row.start is not None and row.start >= on:
                    row.parent_id = parent_id
                else:
                    row.end = on
                    new.append(BodyPlacement(body_id=pk, parent_id=parent_id, start=on))
                changed.append(row)
        BodyPlacement.objects.bulk_update(changed, ["parent", "end"], batch_size=500)
        BodyPlacement.objects.bulk_create(new, batch_size=500)


def delete_body(body):
    """Delete a body created by mistake. Bodies with history are dissolved instead."""
    with tree_lock():
        if body.get_children().exists():
            raise ValidationError(
                f"{body} has bodies under it: move or dissolve them before deleting it."
            )
        if BodyPlacement.objects.filter(parent=body).exists():
            raise ValidationError(
                f"Other bodies have sat under {body}: dissolve it rather than delete it, so the "
                "structure's history is kept."
            )
        if body.memberships.exists():
            raise ValidationError(
                f"{body} has membership history: dissolve it rather than delete it, so the "
                "record of who served on it is kept."
            )
        try:
            body.delete()
        except ProtectedError as error:
            raise ValidationError(f"{body} is still referred to elsewhere and cannot be deleted.") from error


def dissolve_body(*, body, on: datetime.date, successors=(), move_children_to=None):
    """Dissolve a body from `on`, ending its seats the day before and recording which bodies
    take over its work (seed 000: West Cumbria dissolved, Copeland's structure created).
    Bodies under it move to `move_children_to` or must already be dissolved."""
    with tree_lock():
        body.refresh_from_db()
        if body.dissolved:
            raise ValidationError(f"{body} was already dissolved on {body.dissolved:%-d %B %Y}.")
        if body.established and on <= body.established:
            raise ValidationError(
                {"dissolved": f"{body} was established on {body.established:%-d %B %Y}; "
                 "it must be dissolved after that."}
            )
        if any(successor.pk == body.pk for successor in successors):
            raise ValidationError({"successors": f"{body} cannot succeed itself."})
        # The bodies under it on the day, and any placed under it since.
        under = set(children_of(parents_on(on), body.pk)) | set(body.get_children().values_list("pk", flat=True))
        live_children = list(
            Body.objects.filter(pk__in=under).filter(Q(dissolved__isnull=True) | Q(dissolved__gt=on)).order_by("lft")
        )
        if live_children:
            if move_children_to is None:
                names = ", ".join(child.name for child in live_children)
                raise ValidationError(
                    f"{body} still has bodies under it ({names}): choose where they move to, "
                    "or dissolve them first."
                )
            if move_children_to.pk == body.pk or move_children_to.pk in under:
                raise ValidationError({"move_children_to": "Choose a body outside the one being dissolved."})
            for child in live_children:
                move_body(body=child, target=move_children_to, on=max(on, child.established or on))
        last_day = on - datetime.timedelta(days=1)
        for membership in body.memberships.filter(start__lte=last_day).active_on(on):
            update_membership(membership, end=last_day)
        body.memberships.filter(start__gt=last_day).delete()
        body.refresh_from_db()
        body.dissolved = on
        if successors:
            names = ", ".join(sorted(str(successor) for successor in successors))
            body._change_reason = f"Succeeded by {names}"[:100]  # the history column's length
        _save(body)
        body.successors.add(*successors)
        return body


def _save_fields(instance, fields):
    for field, value in fields.items():
        setattr(instance, field, value)
    with transaction.atomic():
        return _save(instance)


def save_organisation(organisation=None, **fields):
    return _save_fields(organisation or Organisation(), fields)


def save_person(person=None, **fields):
    return _save_fields(person or Person(), fields)


def add_membership(**fields):
    """Seat a person on a body; the same seat cannot be held twice at the same time, nor past
    the day before the body was dissolved (Membership.clean)."""
    with transaction.atomic():
        return _save(Membership(**fields))


def update_membership(membership, **fields):
    return _save_fields(membership, fields)


def end_membership(membership, *, on: datetime.date):
    """End a seat: `on` is the last day it is held."""
    return update_membership(membership, end=on)


def remove_membership(membership):
    """Remove a seat entered by mistake (a seat that ended is ended, not removed: end_membership);
    the audit trail keeps what it was."""
    with transaction.atomic():
        membership.delete()


def save_link(link=None, **fields):
    """A cross-link between two bodies ("reports to", "holds to account"...), validated."""
    return _save_fields(link or BodyLink(), fields)


def remove_link(link):
    with transaction.atomic():
        link.delete()


def invite_to_sign_in(*, person, set_password_url):
    """Give a person a login and e-mail them a link to set its password. `set_password_url`
    turns (uidb64, token) into the link's address. A revoked login is restored."""

    User = get_user_model()
    email = User.objects.normalize_email(person.email or "").strip()
    if not email:
        raise ValidationError({"email": f"{person} has no e-mail address: add one before inviting them."})
    with transaction.atomic():
        user = person.user
        if user is None:
            taken = User.objects.filter(username__iexact=email).first()
            if taken is not None and hasattr(taken, "person") and taken.person != person:
                raise ValidationError({"email": f"{email} is already the login of {taken.person}."})
            user = taken or User(username=email)
        user.email, user.is_active = email, True
        if not user.pk:
            user.set_unusable_password()
        user.save()
        person.user = user
        _record(person, "Invited to sign in")
        link = set_password_url(urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user))
        send_mail(
            subject=f"You are invited to sign in to the {settings.PORTAL_NAME} portal",
            message=(
                f"Dear {person.name},\n\nPartnership staff have given you a login to the partnership portal, "
                f"where you can see the papers and records of the bodies you sit on.\n\n"
                f"Choose your password here (the link works once, for a few days):\n{link}\n\n"
                f"Your login is your e-mail address: {email}\n"
            ),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[email],
        )
        return user


def revoke_sign_in(*, person):
    """Stop a person signing in: the login is kept (the audit trail names it) but switched off."""
    with transaction.atomic():
        user = person.user
        if user is None or not user.is_active:
            raise ValidationError(f"{person} has no login to revoke.")
        user.is_active = False
        user.set_unusable_password()
        user.save(update_fields=["is_active", "password"])
        _record(person, "Sign-in revoked")
        return user
