"""What the public must never see (seed 002: minutes become public once approved and
published; until then, and for private meetings, private bodies and confidential items, they
are the members' only). Each secret is a made-up word planted in one kind of hidden material;
every public page, list, search, feed and calendar is read back for all of them.

Runs on SQLite and, with DATABASE_URL set, on PostgreSQL, where search is full-text search.
"""


import pytest
from django.test import Client
from django.urls import reverse

from meetings.models import MinutesStatus
from tests.factories import BodyFactory, BodyLinkFactory, MembershipFactory, PersonFactory, UserFactory
from tests.meetings.factories import (
    ActionFactory,
    AgendaItemFactory,
    DecisionFactory,
    DeclarationFactory,
    HeldMeetingFactory,
    MinuteEntryFactory,
    at,
    minutes_with,
)

pytestmark = pytest.mark.django_db

SECRETS = [
    "draftsecret", "approvedsecret", "correctionsecret", "privatemeetingsecret", "privatebodysecret",
    "confidentialsecret",
]
PUBLIC_WORD = "publicword"


class Scene:
    def __init__(self):
        self.body = BodyFactory(name="Carlisle Partnership Executive", slug="carlisle-executive")
        # Its child and a body linked to it: their outcomes show on its page.
        self.private_body = BodyFactory(
            name="Privatebodysecret group", slug="privatebodysecret-group", public=False, parent=self.body
        )
        linked = BodyFactory(name="Safer Carlisle", slug="safer-carlisle")
        BodyLinkFactory(from_body=linked, to_body=self.body)

        self.published = HeldMeetingFactory(body=self.body, starts_at=at(2009, 3, 2))
        open_item = AgendaItemFactory(meeting=self.published, position=1, title="Community plan")
        secret_item = AgendaItemFactory(
            meeting=self.published, position=2, title="confidentialsecret staffing", confidential=True
        )
        minutes = minutes_with(
            self.published, item=open_item,
            entries=[f"The partnership agreed the {PUBLIC_WORD} strategy."],
            decisions=[f"Adopt the {PUBLIC_WORD} plan."],
        )
        MinuteEntryFactory(minutes=minutes, item=secret_item, text="The confidentialsecret restructure was discussed.")
        DecisionFactory(minutes=minutes, item=secret_item, text="Approve the confidentialsecret redundancies.")
        ActionFactory(meeting=self.published, item=open_item, text=f"Circulate the {PUBLIC_WORD} strategy")
        ActionFactory(meeting=self.published, item=secret_item, text="Brief staff on confidentialsecret changes")
        DeclarationFactory(item=secret_item, description="Related to a confidentialsecret employee.")

        self.draft = HeldMeetingFactory(body=self.body, starts_at=at(2009, 3, 9))
        minutes_with(self.draft, status=MinutesStatus.DRAFT, entries=["draftsecret entry"], decisions=["draftsecret decision"])
        self.approved = HeldMeetingFactory(body=self.body, starts_at=at(2009, 3, 16))
        minutes_with(
            self.approved, status=MinutesStatus.APPROVED, entries=["approvedsecret entry"],
            decisions=["approvedsecret decision"],
        )
        self.corrected = HeldMeetingFactory(body=self.body, starts_at=at(2009, 3, 23))
        first = minutes_with(self.corrected, entries=[f"{PUBLIC_WORD} original text"], decisions=[f"{PUBLIC_WORD} original decision"])
        minutes_with(
            self.corrected, version=2, status=MinutesStatus.DRAFT, supersedes=first,
            correction_reason="correctionsecret reason", entries=["correctionsecret entry"],
            decisions=["correctionsecret decision"],
        )
        self.private_meeting = HeldMeetingFactory(
            body=self.body, starts_at=at(2009, 3, 25), public=False, title="privatemeetingsecret away day",
            venue="privatemeetingsecret venue",
        )
        minutes_with(self.private_meeting, entries=["privatemeetingsecret entry"], decisions=["privatemeetingsecret decision"])
        self.private_body_meeting = HeldMeetingFactory(body=self.private_body, starts_at=at(2009, 3, 27))
        minutes_with(
            self.private_body_meeting, entries=["privatebodysecret entry"], decisions=["privatebodysecret decision"]
        )
        # A signed-in partner who sits on another body: no more than the public.
        self.outsider = UserFactory()
        MembershipFactory(person=PersonFactory(user=self.outsider), body=linked)
        # A member of the executive, for the feeds: they show the public's view whoever asks.
        self.member = UserFactory()
        MembershipFactory(person=PersonFactory(user=self.member), body=self.body)


@pytest.fixture
def scene():
    return Scene()


@pytest.fixture(params=["anonymous", "outsider"])
def visitor(request, scene):
    client = Client()
    if request.param == "outsider":
        client.force_login(scene.outsider)
    return client


def assert_no_secrets(response):
    assert response.status_code == 200
    content = response.content.decode()
    leaked = [secret for secret in SECRETS if secret in content.lower()]
    assert not leaked, f"{response.request['PATH_INFO']} shows {leaked}"
    return content


def minutes_url(meeting, **query):
    url = reverse("meetings:minutes", kwargs={"pk": meeting.pk})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_the_calendar_lists_neither_private_meetings_nor_private_bodies(scene, visitor):
    content = assert_no_secrets(visitor.get(reverse("meetings:calendar"), {"month": "2009-03"}))
    assert content.count(scene.body.name) >= 4
    # Minutes links only where published minutes exist.
    assert minutes_url(scene.published) in content and minutes_url(scene.corrected) in content
    assert minutes_url(scene.draft) not in content and minutes_url(scene.approved) not in content


@pytest.mark.parametrize("meeting", ["draft", "approved", "private_meeting", "private_body_meeting"])
def test_unpublished_and_private_minutes_are_not_found(scene, visitor, meeting):
    response = visitor.get(minutes_url(getattr(scene, meeting)))
    assert response.status_code == 404
    assert not any(secret in response.content.decode() for secret in SECRETS)


def test_published_minutes_leave_out_confidential_items(scene, visitor):
    content = assert_no_secrets(visitor.get(minutes_url(scene.published)))
    assert f"Adopt the {PUBLIC_WORD} plan." in content
    assert f"Circulate the {PUBLIC_WORD} strategy" in content


def test_a_draft_correction_stays_hidden_behind_the_published_version(scene, visitor):
    for url in (minutes_url(scene.corrected), minutes_url(scene.corrected, version=2)):
        content = assert_no_secrets(visitor.get(url))
        assert f"{PUBLIC_WORD} original text" in content


def test_the_decisions_register_shows_only_published_public_decisions(scene, visitor):
    content = assert_no_secrets(visitor.get(reverse("meetings:decisions")))
    assert f"Adopt the {PUBLIC_WORD} plan." in content and f"{PUBLIC_WORD} original decision" in content


def test_the_minutes_list_shows_only_published_public_minutes(scene, visitor):
    content = assert_no_secrets(visitor.get(reverse("meetings:minutes-list")))
    assert minutes_url(scene.published) in content and minutes_url(scene.corrected) in content
    for hidden in (scene.draft, scene.approved, scene.private_meeting, scene.private_body_meeting):
        assert minutes_url(hidden) not in content


def test_body_pages_show_only_public_outcomes(scene, visitor):
    for url in (scene.body.get_absolute_url(), reverse("meetings:body-meetings", kwargs={"slug": scene.body.slug})):
        assert_no_secrets(visitor.get(url))
    assert visitor.get(reverse("meetings:body-meetings", kwargs={"slug": scene.private_body.slug})).status_code == 404


@pytest.mark.parametrize("secret", SECRETS)
def test_search_finds_nothing_hidden(scene, visitor, secret):
    response = visitor.get(reverse("meetings:search"), {"q": secret})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 0


def test_search_finds_published_text_without_confidential_items(scene, visitor):
    response = visitor.get(reverse("meetings:search"), {"q": PUBLIC_WORD})
    content = assert_no_secrets(response)
    # An entry and a decision in each of the two published minutes.
    assert response.context["page"].paginator.count == 4
    assert PUBLIC_WORD in content


@pytest.fixture(params=["anonymous", "outsider", "member"])
def any_reader(request, scene):
    client = Client()
    if request.param != "anonymous":
        client.force_login(getattr(scene, request.param))
    return client


@pytest.mark.parametrize("url_name", ["meetings:ical", "meetings:minutes-feed", "meetings:minutes-atom"])
def test_feeds_show_the_public_view_whoever_asks(scene, any_reader, url_name):
    content = assert_no_secrets(any_reader.get(reverse(url_name)))
    assert str(scene.published.pk) in content


def test_a_private_bodys_calendar_feed_is_not_found_even_for_its_members(scene):
    client = Client()
    client.force_login(scene.member)
    url = reverse("meetings:body-ical", kwargs={"slug": scene.private_body.slug})
    assert client.get(url).status_code == 404
    assert_no_secrets(client.get(reverse("meetings:body-ical", kwargs={"slug": scene.body.slug})))
