"""Following a body by email (seed 003: feedback "depends on the chair"; governance/following/services.py):
double opt-in, no duplicates, signed links, one-click unsubscribe, and a digest of public
material to confirmed followers only."""

import datetime
import re
import time
from unittest import mock

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from governance.following import services as following
from governance.models import Subscription
from meetings.models import Action, AgendaItem, Decision, Meeting, MeetingStatus, Minutes, MinutesStatus
from partnerships import services as structure

pytestmark = pytest.mark.django_db


@pytest.fixture
def body():
    return structure.create_body(name="Carlisle Partnership Executive", kind="executive")


def follow_url(body):
    return reverse("following:follow", kwargs={"slug": body.slug})


def link_in(message, name):
    """The path of the portal link in an email (confirm or unsubscribe)."""
    match = re.search(rf"https?://[^/\s]+(/follow/{name}/[^\s>]+/)", message.body)
    assert match, message.body
    return match.group(1)


def confirmed(body, email="ann@example.org", *, at=None):
    """A confirmed follower, through the same steps as the pages."""
    following.follow(email=email, body=body)
    subscription = Subscription.objects.get(email__iexact=email, body=body, unsubscribed_at__isnull=True)
    following.confirm(subscription, now=at)
    mail.outbox.clear()
    subscription.refresh_from_db()
    return subscription


# Double opt-in -----------------------------------------------------------------------------------


def test_following_emails_a_link_and_only_a_post_from_it_confirms(client, body):
    response = client.post(follow_url(body), {"email": "ann@example.org"})
    assert response.status_code == 200 and "Check your email" in response.content.decode()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["ann@example.org"]
    subscription = Subscription.objects.get()
    assert subscription.confirmed_at is None

    link = link_in(mail.outbox[0], "confirm")
    page = client.get(link)  # a mail scanner fetching the link
    assert page.status_code == 200 and "Confirm that you want to follow" in page.content.decode()
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None

    done = client.post(link)
    assert "You are now following Carlisle Partnership Executive" in done.content.decode()
    subscription.refresh_from_db()
    assert subscription.is_active


def test_following_twice_keeps_one_subscription_and_sends_one_link(client, body):
    client.post(follow_url(body), {"email": "ann@example.org"})
    second = client.post(follow_url(body), {"email": "ANN@Example.org "})
    assert "Check your email" in second.content.decode()
    assert Subscription.objects.count() == 1 and len(mail.outbox) == 1


def test_a_pending_follower_can_ask_for_the_link_again_later(body):
    now = timezone.now()
    assert following.follow(email="ann@example.org", body=body, now=now) == "sent"
    assert following.follow(email="ann@example.org", body=body, now=now + datetime.timedelta(minutes=5)) == "recently_sent"
    assert following.follow(email="ann@example.org", body=body, now=now + datetime.timedelta(minutes=11)) == "sent"
    assert Subscription.objects.count() == 1 and len(mail.outbox) == 2


def test_the_page_answers_the_same_whether_or_not_the_address_already_follows(client, body):
    confirmed(body, "ann@example.org")
    known = client.post(follow_url(body), {"email": "ann@example.org"})
    unknown = client.post(follow_url(body), {"email": "bob@example.org"})
    def page(response):  # the masked CSRF token differs on every response
        return re.sub(r'"X-CSRFToken": "\w+"', "", response.content.decode())

    assert page(known) == page(unknown)
    # The confirmed follower is not emailed again (no mail bombing); the new address is.
    assert [m.to for m in mail.outbox] == [["bob@example.org"]]
    assert Subscription.objects.filter(email__iexact="ann@example.org").count() == 1


def test_an_address_gets_at_most_five_links_an_hour(body):
    bodies = [body] + [structure.create_body(name=f"Priority group {i}", kind="thematic") for i in range(6)]
    results = [following.follow(email="ann@example.org", body=b) for b in bodies]
    assert results.count("sent") == 5 and results[-2:] == ["rate_limited", "rate_limited"]
    assert len(mail.outbox) == 5


def test_a_bad_email_address_is_refused_with_a_message(client, body):
    response = client.post(follow_url(body), {"email": "not an address"})
    assert response.status_code == 200 and "Enter a valid email address" in response.content.decode()
    assert not Subscription.objects.exists() and not mail.outbox


def test_private_and_dissolved_bodies_cannot_be_followed(client, body):
    private = structure.create_body(name="Funding task group", kind="task_group", public=False)
    dissolved = structure.create_body(
        name="CLASB", kind="board", established=datetime.date(2006, 4, 1), dissolved=datetime.date(2009, 11, 5)
    )
    for other in (private, dissolved):
        assert client.get(follow_url(other)).status_code == 404
        assert client.post(follow_url(other), {"email": "ann@example.org"}).status_code == 404
    assert not Subscription.objects.exists() and not mail.outbox


def test_a_mail_server_failure_is_reported_and_the_address_can_try_again(client, body):
    with mock.patch("governance.following.services.send_mail", side_effect=OSError("connection refused")):
        response = client.post(follow_url(body), {"email": "ann@example.org"})
    assert response.status_code == 200 and "could not send the email" in response.content.decode()
    assert client.post(follow_url(body), {"email": "ann@example.org"}).status_code == 200
    assert len(mail.outbox) == 1


# Signed links ------------------------------------------------------------------------------------


def test_forged_links_change_nothing(client, body):
    following.follow(email="ann@example.org", body=body)
    subscription = Subscription.objects.get()
    good = following.confirm_token(subscription)
    forged = [
        good[:-2] + ("AA" if not good.endswith("AA") else "BB"),  # signature changed
        good.replace(f"{subscription.pk}.", f"{subscription.pk + 1}.", 1),  # another subscription
        following.unsubscribe_token(subscription),  # the other kind of link
        "not-a-token",
    ]
    for token in forged:
        response = client.post(reverse("following:follow-confirm", kwargs={"token": token}))
        assert response.status_code == 400, token
        assert "This link is not valid" in response.content.decode()
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None


def test_a_forged_unsubscribe_link_unsubscribes_no_one(client, body):
    subscription = confirmed(body)
    token = following.unsubscribe_token(subscription)
    response = client.post(reverse("following:unsubscribe", kwargs={"token": token[:-3] + "xyz"}))
    assert response.status_code == 400
    subscription.refresh_from_db()
    assert subscription.is_active


def test_a_link_to_a_deleted_subscription_is_not_found(client, body):
    following.follow(email="ann@example.org", body=body)
    subscription = Subscription.objects.get()
    token = following.confirm_token(subscription)
    subscription.delete()
    assert client.get(reverse("following:follow-confirm", kwargs={"token": token})).status_code == 404


def test_a_confirmation_link_expires_after_seven_days(client, body):
    following.follow(email="ann@example.org", body=body)
    subscription = Subscription.objects.get()
    eight_days_ago = time.time() - 8 * 24 * 3600
    with mock.patch("django.core.signing.time.time", return_value=eight_days_ago):
        token = following.confirm_token(subscription)
    response = client.post(reverse("following:follow-confirm", kwargs={"token": token}))
    assert response.status_code == 400 and "expired" in response.content.decode()
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None


def test_a_link_from_before_unsubscribing_does_not_act_on_a_new_subscription(client, body):
    old = confirmed(body)
    old_token = following.unsubscribe_token(old)
    following.unsubscribe(old)
    new = confirmed(body)
    client.post(reverse("following:unsubscribe", kwargs={"token": old_token}))
    new.refresh_from_db()
    assert new.is_active


# Unsubscribing -----------------------------------------------------------------------------------


def test_one_click_unsubscribe_from_the_mail_client_needs_no_csrf_token(body):
    subscription = confirmed(body)
    client = Client(enforce_csrf_checks=True)
    url = reverse("following:unsubscribe", kwargs={"token": following.unsubscribe_token(subscription)})
    assert "Unsubscribe" in client.get(url).content.decode()  # a GET changes nothing
    subscription.refresh_from_db()
    assert subscription.is_active
    response = client.post(url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200 and "You have unsubscribed" in response.content.decode()
    subscription.refresh_from_db()
    assert subscription.unsubscribed_at is not None


def test_a_confirmation_link_after_unsubscribing_says_so(client, body):
    following.follow(email="ann@example.org", body=body)
    subscription = Subscription.objects.get()
    following.unsubscribe(subscription)
    response = client.post(reverse("following:follow-confirm", kwargs={"token": following.confirm_token(subscription)}))
    assert response.status_code == 400 and "stopped following" in response.content.decode()
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None


# The digest --------------------------------------------------------------------------------------


def at(days, hour=18):
    return timezone.now() + datetime.timedelta(days=days, hours=hour - 18)


def publish_material(body, *, when):
    """A public meeting with a published agenda and published minutes (a decision on a public
    item and one on a confidential item), a private meeting, and draft minutes."""
    public = Meeting.objects.create(body=body, starts_at=when - datetime.timedelta(days=30), status=MeetingStatus.HELD,
                                    title="Executive", agenda_published_at=when)
    open_item = AgendaItem.objects.create(meeting=public, position=1, title="Community Plan")
    secret_item = AgendaItem.objects.create(meeting=public, position=2, title="Bids", confidential=True)
    minutes = Minutes.objects.create(meeting=public, status=MinutesStatus.PUBLISHED, published_at=when)
    Decision.objects.create(minutes=minutes, item=open_item, text="Refresh the Community Plan.")
    Decision.objects.create(minutes=minutes, item=secret_item, text="Award the confidential grant.")
    Action.objects.create(meeting=public, item=open_item, text="Draft the refresh")
    private = Meeting.objects.create(body=body, public=False, starts_at=when, title="Private session",
                                     agenda_published_at=when)
    Minutes.objects.create(meeting=private, status=MinutesStatus.PUBLISHED, published_at=when)
    draft = Meeting.objects.create(body=body, starts_at=when - datetime.timedelta(days=60), title="Draft meeting",
                                   status=MeetingStatus.HELD)
    Minutes.objects.create(meeting=draft, status=MinutesStatus.DRAFT)
    return public


def test_the_digest_goes_to_confirmed_followers_only(body):
    ann = confirmed(body, "ann@example.org", at=at(-2))
    following.follow(email="pending@example.org", body=body)
    gone = confirmed(body, "gone@example.org", at=at(-2))
    following.unsubscribe(gone)
    mail.outbox.clear()
    publish_material(body, when=at(-1))
    assert following.send_publication_digests() == 1
    assert [m.to for m in mail.outbox] == [[ann.email]]


def test_the_digest_holds_public_material_only(body):
    subscription = confirmed(body, at=at(-2))
    publish_material(body, when=at(-1))
    following.send_publication_digests()
    (message,) = mail.outbox
    html = message.alternatives[0][0]
    for text in (message.body, html):
        assert "Executive" in text and "Refresh the Community Plan." in text and "Draft the refresh" in text
        assert "confidential grant" not in text and "Private session" not in text and "Draft meeting" not in text
    assert message.subject == "New from Carlisle Partnership Executive: 1 agenda and 1 set of minutes"
    unsubscribe = following.unsubscribe_url(subscription)
    assert message.extra_headers["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe in message.body


def test_the_digest_html_carries_its_styles_inline(body):
    """Mail programs ignore linked stylesheets: static/css/email.css is written into the tags."""
    confirmed(body, at=at(-2))
    publish_material(body, when=at(-1))
    following.send_publication_digests()
    html = mail.outbox[0].alternatives[0][0]
    assert '<body style="font-family: Helvetica, Arial, sans-serif;' in html
    assert 'style="color: #1d70b8;"' in html  # every link
    assert "<style" not in html and "<link" not in html


def test_a_digest_covers_only_what_was_published_since_the_last_one(body):
    confirmed(body, at=at(-5))
    publish_material(body, when=at(-10))  # before confirming: never sent
    assert following.send_publication_digests() == 0
    meeting = Meeting.objects.create(body=body, starts_at=at(7), title="Next meeting", agenda_published_at=timezone.now())
    assert following.send_publication_digests() == 1
    assert "Next meeting" in mail.outbox[0].body
    assert following.send_publication_digests() == 0  # a repeated run sends nothing twice
    assert meeting.pk and len(mail.outbox) == 1


def test_no_digest_once_the_body_is_private(body):
    confirmed(body, at=at(-2))
    publish_material(body, when=at(-1))
    body.public = False
    body.save()
    assert following.send_publication_digests() == 0 and not mail.outbox


def test_a_joint_meeting_reaches_the_followers_of_each_body(body):
    neighbour = structure.create_body(name="Allerdale Partnership", kind="locality")
    confirmed(body, "ann@example.org", at=at(-2))
    confirmed(neighbour, "bob@example.org", at=at(-2))
    joint = Meeting.objects.create(body=body, starts_at=at(10), title="Joint meeting", agenda_published_at=at(-1))
    joint.joint_with.add(neighbour)
    assert following.send_publication_digests() == 2
    assert all("Joint meeting" in m.body for m in mail.outbox)


def test_the_digest_costs_the_same_queries_for_2_and_12_bodies(body, django_assert_num_queries):
    def followed_bodies(count, start):
        for i in range(start, start + count):
            other = structure.create_body(name=f"Group {i}", kind="thematic")
            confirmed(other, f"f{i}@example.org", at=at(-2))
            publish_material(other, when=at(-1))

    followed_bodies(2, 0)
    # subscriptions; agendas (+ joint bodies); minutes (+ joint bodies); decisions; actions
    with django_assert_num_queries(7):
        small = following.publication_digests()
    followed_bodies(10, 2)
    with django_assert_num_queries(7):
        large = following.publication_digests()
    assert (len(small), len(large)) == (2, 12)
    assert all(len(d.agendas) == 1 and len(d.minutes) == 1 for d in large)


def test_the_daily_task_sends_the_digests(body):
    from governance.tasks import send_publication_digests

    confirmed(body, at=at(-2))
    publish_material(body, when=at(-1))
    assert send_publication_digests.apply().get() == {"sent": 1}  # runs here, broker or not
    assert len(mail.outbox) == 1
