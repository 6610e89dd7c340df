"""Writes to the structure. Every tree change runs under the tree lock (tree.py)."""

import datetime
import itertools

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.text import slugify
from mptt.exceptions import InvalidMove

from .models import Body, BodyLink, Membership, Organisation, Person
from .tree import own_branch_error, tree_lock

TREE_POSITIONS = ("first-child", "last-child", "left", "right")


def slug_candidates(model, text):
    """The slugs a row named `text` may take, in order of preference: its name, then -2, -3..."""
    base = slugify(text)[:180] or model._meta.model_name
    yield base
    for n in itertools.count(2):
        yield f"{base}-{n}"


def unique_slug(model, text, *, exclude_pk=None):
    taken = model.objects.exclude(pk=exclude_pk) if exclude_pk else model.objects.all()
    return next(slug for slug in slug_candidates(model, text) if not taken.filter(slug=slug).exists())


def _save(instance, *, exclude=None):
    """Validate and save; a model with a slug gets a unique one from its name."""
    if hasattr(instance, "slug") and not instance.slug:
        instance.slug = unique_slug(type(instance), str(instance), exclude_pk=instance.pk)
    instance.full_clean(exclude=exclude)
    instance.save()
    return instance


def create_body(*, name, kind, parent=None, **fields):
    """Add a body to the tree, as the last child of `parent` (or as a new root)."""
    with tree_lock():
        return _save(Body(name=name, kind=kind, parent=parent, **fields))


def update_body(body, **fields):
    """Change a body's details; a new `parent` moves it (with its subtree)."""
    with tree_lock():
        for field, value in fields.items():
            setattr(body, field, value)
        error = own_branch_error(body, fields["parent"]) if "parent" in fields else None
        if error:
            raise ValidationError({"parent": error})
        return _save(body)


def move_body(*, body, target, position="last-child"):
    """Move a body (and everything under it) relative to `target`; None makes it a root."""
    if position not in TREE_POSITIONS:
        raise ValidationError(f"Unknown position {position!r}: use one of {', '.join(TREE_POSITIONS)}.")
    with tree_lock():
        try:
            Body.objects.move_node(body, target, position)
        except InvalidMove as error:
            raise ValidationError(str(error)) from error
        return body


def delete_body(body):
    """Delete a body created by mistake. Bodies with history are dissolved instead."""
    with tree_lock():
        if body.get_children().exists():
            raise ValidationError(
                f"{body} has bodies under it: move or dissolve them before deleting it."
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
        live_children = [child for child in body.get_children() if child.dissolved is None]
        if live_children:
            if move_children_to is None:
                names = ", ".join(child.name for child in live_children)
                raise ValidationError(
                    f"{body} still has bodies under it ({names}): choose where they move to, "
                    "or dissolve them first."
                )
            for child in live_children:
                move_body(body=child, target=move_children_to)
        last_day = on - datetime.timedelta(days=1)
        for membership in body.memberships.filter(start__lte=last_day).active_on(on):
            update_membership(membership, end=last_day)
        body.memberships.filter(start__gt=last_day).delete()
        body.refresh_from_db()
        body.dissolved = on
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
    """Seat a person on a body; the same seat cannot be held twice at the same time."""
    with transaction.atomic():
        return _save(Membership(**fields))


def update_membership(membership, **fields):
    return _save_fields(membership, fields)


def end_membership(membership, *, on: datetime.date):
    """End a seat: `on` is the last day it is held."""
    return update_membership(membership, end=on)


def add_link(*, from_body, to_body, kind):
    with transaction.atomic():
        link = BodyLink(from_body=from_body, to_body=to_body, kind=kind)
        link.full_clean()
        link.save()
        return link
