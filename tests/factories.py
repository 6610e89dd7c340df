import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils.text import slugify

from partnerships.models import Body, BodyKind, BodyLink, LinkKind, Membership, Organisation, Person, Role, Sector
from partnerships.roles import EXECUTIVES_GROUP


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}@example.org")
    email = factory.SelfAttribute("username")
    password = factory.django.Password("correct-horse-battery")


class StaffUserFactory(UserFactory):
    is_staff = True


class AdminUserFactory(UserFactory):
    is_staff = True
    is_superuser = True


def make_executive(user):
    user.groups.add(Group.objects.get_or_create(name=EXECUTIVES_GROUP)[0])
    return user


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    sector = Sector.PUBLIC


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Person {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body

    name = factory.Sequence(lambda n: f"Body {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    kind = BodyKind.THEMATIC
    public = True


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    person = factory.SubFactory(PersonFactory)
    body = factory.SubFactory(BodyFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.MEMBER
    start = datetime.date(2009, 1, 1)


class BodyLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BodyLink

    from_body = factory.SubFactory(BodyFactory)
    to_body = factory.SubFactory(BodyFactory)
    kind = LinkKind.REPORTS_TO
