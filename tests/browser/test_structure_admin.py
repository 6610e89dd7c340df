"""The staff journey of issue 10 in a real browser: add a thematic partnership under the
board, add an organisation and a person with a login invitation, give them a seat with a
deputy, move a body, dissolve a body with a successor, and view the structure on a date
before each change."""

import datetime
import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from partnerships import services
from partnerships.models import Body, BodyKind, Layer, Person
from tests.factories import PersonFactory, StaffUserFactory

pytestmark = pytest.mark.browser
D = datetime.date


@pytest.fixture
def carlisle():
    forum = services.create_body(name="Carlisle Partnership", kind=BodyKind.FORUM, layer=Layer.STRATEGIC,
                                 established=D(2006, 3, 1))
    board = services.create_body(name="Carlisle Partnership Executive", kind=BodyKind.EXECUTIVE,
                                 layer=Layer.EXECUTIVE, parent=forum, established=D(2006, 3, 1))
    services.create_body(name="Carlisle Conveners", kind=BodyKind.CONVENERS, parent=forum, established=D(2006, 8, 1))
    services.create_body(name="Carlisle Healthy Communities", kind=BodyKind.THEMATIC, layer=Layer.OPERATIONAL,
                         parent=board, established=D(2006, 3, 1))
    PersonFactory(name="Elsie Martlew", slug="elsie-martlew")
    return forum, board


def chart_on(page, day):
    page.goto(f"/structure/?on={day}")
    return page.locator("#structure-chart")


def test_staff_administer_the_structure(page, log_in, carlisle, screenshot):
    forum, board = carlisle
    log_in(page, StaffUserFactory(), "/structure/")

    # A thematic partnership under the board, established 1 April 2010.
    page.goto(f"/structure/bodies/{board.slug}/")
    page.get_by_role("link", name="Add a body under it").click()
    expect(page.get_by_label("Part of")).to_have_value(str(board.pk))
    page.get_by_label("Name").fill("Carlisle Housing Partnership")
    page.get_by_label("Kind").select_option(label="Thematic partnership or priority group")
    page.get_by_label("Layer").select_option(label="Operational")
    page.get_by_label("Established").fill("2010-04-01")
    screenshot(page, "structure-admin-add-body")
    page.get_by_role("button", name="Add the body").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Carlisle Housing Partnership"))
    expect(page.locator(".breadcrumbs")).to_contain_text("Carlisle Partnership Executive")
    expect(chart_on(page, "2010-03-31")).not_to_contain_text("Carlisle Housing Partnership")
    expect(chart_on(page, "2010-04-01")).to_contain_text("Carlisle Housing Partnership")

    # An organisation, and a person invited to sign in.
    page.goto("/structure/organisations/")
    page.get_by_role("link", name="Add an organisation").click()
    page.get_by_label("Name").fill("Riverside Carlisle")
    page.get_by_label("Sector").select_option(label="Voluntary and community")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Riverside Carlisle")

    page.goto("/structure/people/")
    page.get_by_role("link", name="Add a person").click()
    page.get_by_label("Name").fill("Jill Stannard")
    page.get_by_label("Email").fill("jill@example.org")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("button", name="Invite to sign in").click()
    expect(page.locator("body")).to_contain_text("Invited Jill Stannard to sign in")
    expect(page.locator("body")).to_contain_text("Invited")
    screenshot(page, "structure-admin-person")
    assert "/accounts/reset/" in mail.outbox[-1].body and mail.outbox[-1].to == ["jill@example.org"]

    # A seat on the new partnership with a designated deputy.
    housing = Body.objects.get(name="Carlisle Housing Partnership")
    page.goto(f"/structure/bodies/{housing.slug}/")
    page.get_by_role("link", name="Add a member").click()
    page.get_by_label("Person").select_option(label="Jill Stannard")
    page.get_by_label("Organisation").select_option(label="Riverside Carlisle")
    page.get_by_label("Seat").fill("Chief Executive of Riverside Carlisle")
    page.get_by_label("Start").fill("2010-05-01")
    page.get_by_label("Designated deputy").select_option(label="Elsie Martlew")
    page.get_by_role("button", name="Save").click()
    members = page.locator("#members + .table-scroll table")
    expect(members).to_contain_text("Jill Stannard")
    expect(members).to_contain_text("Elsie Martlew")
    # The day before the seat starts, the partnership stands without that member.
    page.goto(f"/structure/bodies/{housing.slug}/?on=2010-04-30")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Carlisle Housing Partnership"))
    expect(page.locator("body")).not_to_contain_text("Jill Stannard")

    # Move the Healthy Communities group under the forum from 1 January 2011.
    healthy = Body.objects.get(name="Carlisle Healthy Communities")
    page.goto(f"/structure/bodies/{healthy.slug}/")
    page.get_by_role("link", name="Move").click()
    page.get_by_label("New place: part of").select_option(str(forum.pk))
    page.get_by_label("From").fill("2011-01-01")
    screenshot(page, "structure-admin-move")
    page.get_by_role("button", name="Move the body").click()
    expect(page.locator(".breadcrumbs")).not_to_contain_text("Carlisle Partnership Executive")
    page.goto(f"/structure/bodies/{healthy.slug}/?on=2010-12-31")
    expect(page.locator(".breadcrumbs")).to_contain_text("Carlisle Partnership Executive")

    # Dissolve the Conveners from 1 April 2011; the Executive takes over their work.
    conveners = Body.objects.get(name="Carlisle Conveners")
    page.goto(f"/structure/bodies/{conveners.slug}/")
    page.get_by_role("link", name="Dissolve").click()
    page.get_by_label("Dissolved from").fill("2011-04-01")
    page.get_by_label("Bodies that take over its work").select_option(str(board.pk))
    screenshot(page, "structure-admin-dissolve")
    page.get_by_role("button", name="Dissolve the body").click()
    expect(page.locator(".inset--history")).to_contain_text("Carlisle Partnership Executive")
    expect(page.get_by_role("link", name="Add a member")).to_have_count(0)
    expect(page.get_by_role("link", name="Follow by email")).to_have_count(0)
    expect(chart_on(page, "2011-03-31")).to_contain_text("Carlisle Conveners")
    expect(chart_on(page, "2011-04-01")).not_to_contain_text("Carlisle Conveners")
    screenshot(page, "structure-admin-chart")
    assert Person.objects.get(name="Jill Stannard").user.email == "jill@example.org"
