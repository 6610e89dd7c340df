"""The date rules of partnerships/models.py, each with one home: a body standing on a date
(Body.objects.standing_on and Body.exists_on) and a membership active on a date
(Membership.objects.active_on and Membership.is_active_on). The queryset and the per-object
answer must agree, on the boundary days above all."""

import datetime

import pytest

from partnerships.models import Body, Membership
from tests.factories import BodyFactory, MembershipFactory

pytestmark = pytest.mark.django_db

D = datetime.date
DAYS = [D(2008, 12, 31), D(2009, 1, 1), D(2009, 6, 30), D(2010, 11, 30), D(2010, 12, 1), D(2011, 1, 1)]


def test_a_body_stands_from_its_establishment_to_the_day_before_it_is_dissolved():
    # Seed 000: West Cumbria's partnership dissolved on 1 December 2010 no longer stood that day.
    west = BodyFactory(name="West Cumbria Partnership", established=D(2009, 1, 1), dissolved=D(2010, 12, 1))
    undated = BodyFactory(name="Carlisle Partnership")
    assert list(Body.objects.standing_on(D(2010, 11, 30)).order_by("name")) == [undated, west]
    assert list(Body.objects.standing_on(D(2010, 12, 1))) == [undated]
    assert list(Body.objects.standing_on(D(2008, 12, 31))) == [undated]


@pytest.mark.parametrize("on", DAYS)
def test_standing_on_and_exists_on_agree(on):
    bodies = [
        BodyFactory(established=D(2009, 1, 1), dissolved=D(2010, 12, 1)),
        BodyFactory(established=D(2009, 1, 1)),
        BodyFactory(dissolved=D(2010, 12, 1)),
        BodyFactory(),
    ]
    standing = set(Body.objects.standing_on(on))
    assert standing == {body for body in bodies if body.exists_on(on)}


@pytest.mark.parametrize("on", DAYS)
def test_active_on_and_is_active_on_agree(on):
    # A seat's first and last days both count: the term of office is inclusive.
    memberships = [
        MembershipFactory(start=D(2009, 1, 1), end=D(2010, 11, 30)),
        MembershipFactory(start=D(2009, 1, 1)),
        MembershipFactory(start=D(2010, 12, 1), end=D(2010, 12, 1)),
    ]
    active = set(Membership.objects.active_on(on))
    assert active == {m for m in memberships if m.is_active_on(on)}
    assert (memberships[0] in active) == (D(2009, 1, 1) <= on <= D(2010, 11, 30))
