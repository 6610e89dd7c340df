"""The public structure chart in a real browser: the tree, a body's members, and the
"Show as it stood on" date form with and without JavaScript."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from partnerships import services
from partnerships.models import BodyKind, Layer, Role
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory

pytestmark = pytest.mark.browser

# West Cumbria's partnership was dissolved and its work moved on (seed 000); the chart on a
# date before the dissolution must show it again.
WEST_CUMBRIA_DISSOLVED = datetime.date(2008, 4, 1)
BEFORE_DISSOLUTION = datetime.date(2007, 6, 1)


@pytest.fixture
def structure():
    """A small Cumbria-like structure: a forum over an executive over a thematic partnership,
    a private group, and a locality partnership dissolved in 2008."""
    forum = services.create_body(
        name="Cumbria Strategic Partnership", kind=BodyKind.FORUM, layer=Layer.STRATEGIC,
        established=datetime.date(2004, 1, 1),
    )
    executive = services.create_body(
        name="Cumbria Executive", kind=BodyKind.EXECUTIVE, layer=Layer.EXECUTIVE, parent=forum,
        established=datetime.date(2004, 1, 1),
    )
    children = services.create_body(
        name="Children's Trust", kind=BodyKind.THEMATIC, parent=executive,
        established=datetime.date(2004, 1, 1),
    )
    private = services.create_body(
        name="Leaders' Caucus", kind=BodyKind.CHIEF_EXECUTIVES, parent=forum, public=False,
    )
    west = services.create_body(
        name="West Cumbria Partnership", kind=BodyKind.LOCALITY, parent=forum,
        established=datetime.date(2005, 4, 1),
    )
    council = OrganisationFactory(name="Cumbria County Council")
    police = OrganisationFactory(name="Cumbria Constabulary")
    seat = {"start": datetime.date(2004, 1, 1)}
    MembershipFactory(body=forum, role=Role.CHAIR, person=PersonFactory(name="Ann Aird"),
                      organisation=council, **seat)
    MembershipFactory(body=forum, person=PersonFactory(name="Bob Bell"), organisation=police,
                      **seat)
    # Officers support the body and are not counted among its members.
    MembershipFactory(body=forum, role=Role.OFFICER, person=PersonFactory(name="Olive Ogden"),
                      organisation=council, **seat)
    MembershipFactory(body=executive, role=Role.CHAIR, person=PersonFactory(name="Carol Crane"),
                      organisation=council, seat="Leader of the County Council", **seat)
    MembershipFactory(body=executive, role=Role.VICE_CHAIR, person=PersonFactory(name="Dev Dale"),
                      organisation=police, seat="Chief Constable", **seat)
    MembershipFactory(body=executive, person=PersonFactory(name="Eve Eden"), organisation=council,
                      start=datetime.date(2009, 1, 1))
    MembershipFactory(body=private, role=Role.CHAIR, person=PersonFactory(name="Sam Secret"),
                      organisation=council, **seat)
    MembershipFactory(body=west, role=Role.CHAIR, person=PersonFactory(name="Wyn Walker"),
                      organisation=council, start=datetime.date(2005, 4, 1))
    services.dissolve_body(body=west, on=WEST_CUMBRIA_DISSOLVED)
    return {"forum": forum, "executive": executive, "children": children, "west": west}


def chart_tree(page):
    """{body name: the name of the body it hangs from in the chart, or None for a root}."""
    return page.evaluate(
        """() => Object.fromEntries(
            [...document.querySelectorAll("#structure-chart .chart__name")].map(link => {
                const parentItem = link.closest("li").parentElement.closest("li");
                const parentLink = parentItem && parentItem.querySelector(".chart__name");
                return [link.textContent.trim(), parentLink ? parentLink.textContent.trim() : null];
            }))"""
    )


def chart_card(page, name):
    return page.locator(".chart__body").filter(
        has=page.get_by_role("link", name=name, exact=True)
    )


def test_public_sees_the_tree_without_private_bodies(page, structure, screenshot):
    page.goto("/structure/")
    expect(page.get_by_role("heading", level=1)).to_have_text("How the partnership is organised")

    assert chart_tree(page) == {
        "Cumbria Strategic Partnership": None,
        "Cumbria Executive": "Cumbria Strategic Partnership",
        "Children's Trust": "Cumbria Executive",
    }
    forum = chart_card(page, "Cumbria Strategic Partnership")
    expect(forum).to_contain_text("Partnership forum")
    expect(forum).to_contain_text("Chair: Ann Aird")
    expect(forum).to_contain_text("2 members")
    executive = chart_card(page, "Cumbria Executive")
    expect(executive).to_contain_text("Executive")
    expect(executive).to_contain_text("Chair: Carol Crane")
    expect(executive).to_contain_text("3 members")
    trust = chart_card(page, "Children's Trust")
    expect(trust).to_contain_text("Thematic partnership or priority group")
    expect(trust).to_contain_text("Chair: vacant")
    expect(trust).to_contain_text("0 members")

    expect(page.get_by_text("Leaders' Caucus")).to_have_count(0)
    expect(page.get_by_text("Sam Secret")).to_have_count(0)
    expect(page.get_by_text("Private", exact=True)).to_have_count(0)
    # Anonymous visitors get no administration links.
    expect(page.get_by_role("link", name="Edit the structure")).to_have_count(0)
    screenshot(page, "structure-today")

    page.get_by_role("link", name="Cumbria Executive", exact=True).click()
    expect(page).to_have_url(re.compile(r"/structure/bodies/cumbria-executive/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Cumbria Executive")
    table = page.get_by_role("table", name=re.compile("Members of Cumbria Executive"))
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text("Carol Crane")
    expect(rows.nth(0)).to_contain_text("Chair")
    expect(rows.nth(0)).to_contain_text("Leader of the County Council")
    expect(rows.nth(0)).to_contain_text("Cumbria County Council")
    expect(rows.nth(1)).to_contain_text("Dev Dale")
    expect(rows.nth(1)).to_contain_text("Vice-chair")
    expect(rows.nth(1)).to_contain_text("Cumbria Constabulary")
    expect(rows.nth(2)).to_contain_text("Eve Eden")
    expect(page.get_by_role("navigation", name="Breadcrumb")).to_contain_text(
        "Cumbria Strategic Partnership"
    )
    screenshot(page, "body-page")


def test_skip_link_is_the_first_focusable_element(page, structure):
    page.goto("/structure/")
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    expect(focused).to_have_text("Skip to main content")
    expect(focused).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator(":focus")).to_have_id("main-content")


def test_date_form_with_javascript_swaps_the_chart_and_pushes_the_url(page, structure, screenshot):
    page.goto("/structure/")
    expect(page.get_by_role("link", name="West Cumbria Partnership")).to_have_count(0)
    # A full page load would lose this; htmx swapping #structure-chart in place keeps it.
    page.evaluate("window.stillTheSamePage = true")

    page.get_by_label("Show as it stood on").fill(BEFORE_DISSOLUTION.isoformat())

    expect(page).to_have_url(re.compile(r"/structure/\?on=2007-06-01$"))
    chart = page.locator("#structure-chart")
    expect(chart.get_by_role("heading")).to_have_text("The structure on 1 June 2007")
    assert page.evaluate("window.stillTheSamePage") is True
    assert chart_tree(page) == {
        "Cumbria Strategic Partnership": None,
        "Cumbria Executive": "Cumbria Strategic Partnership",
        "Children's Trust": "Cumbria Executive",
        "West Cumbria Partnership": "Cumbria Strategic Partnership",
    }
    west = chart_card(page, "West Cumbria Partnership")
    expect(west).to_contain_text("Locality or area partnership")
    expect(west).to_contain_text("Chair: Wyn Walker")
    expect(west).to_contain_text("1 member")
    # Eve Eden's seat began in 2009.
    expect(chart_card(page, "Cumbria Executive")).to_contain_text("2 members")
    expect(page.get_by_text("Leaders' Caucus")).to_have_count(0)
    screenshot(page, "structure-2007-htmx")

    # The pushed URL is a real page: reloading it shows the same date.
    page.reload()
    expect(page.get_by_role("link", name="West Cumbria Partnership")).to_be_visible()
    expect(page.get_by_label("Show as it stood on")).to_have_value("2007-06-01")

    # The chart's links carry the date to the body page.
    page.get_by_role("link", name="West Cumbria Partnership").click()
    expect(page).to_have_url(re.compile(r"/structure/bodies/west-cumbria-partnership/\?on=2007-06-01$"))
    expect(page.get_by_role("heading", name="Members on 1 June 2007")).to_be_visible()
    expect(page.get_by_role("table")).to_contain_text("Wyn Walker")
    expect(page.get_by_text("no longer existed")).to_have_count(0)
    screenshot(page, "body-2007")


def test_changing_the_date_twice_keeps_one_on_and_the_other_parameters_once(page, structure):
    # Issue 11: htmx's hx-get="" sent the form to the current URL, so each change added an on=.
    page.goto("/structure/?depth=3")
    date = page.get_by_label("Show as it stood on")
    date.fill(BEFORE_DISSOLUTION.isoformat())
    expect(page).to_have_url(re.compile(r"/structure/\?on=2007-06-01&depth=3$"))
    date.fill("2009-02-01")
    expect(page).to_have_url(re.compile(r"/structure/\?on=2009-02-01&depth=3$"))
    expect(page.locator("#structure-chart h2")).to_have_text("The structure on 1 February 2009")
    query = page.url.split("?", 1)[1]
    assert query.count("on=") == 1 and query.count("depth=") == 1, page.url


def test_date_form_without_javascript_replaces_the_date_in_the_url(new_context, structure):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(f"/structure/?on={BEFORE_DISSOLUTION.isoformat()}&depth=3")
    page.get_by_label("Show as it stood on").fill("2009-02-01")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(r"/structure/\?on=2009-02-01&depth=3$"))
    expect(page.locator("#structure-chart h2")).to_have_text("The structure on 1 February 2009")


def test_date_form_without_javascript_is_a_plain_get_form(new_context, structure, screenshot):
    page = new_context(java_script_enabled=False).new_page()
    page.goto("/structure/")
    expect(page.get_by_role("link", name="West Cumbria Partnership")).to_have_count(0)

    page.get_by_label("Show as it stood on").fill(BEFORE_DISSOLUTION.isoformat())
    page.get_by_role("button", name="Show").click()

    expect(page).to_have_url(re.compile(r"/structure/\?on=2007-06-01$"))
    expect(page.locator("#structure-chart h2")).to_have_text("The structure on 1 June 2007")
    assert chart_tree(page)["West Cumbria Partnership"] == "Cumbria Strategic Partnership"
    expect(chart_card(page, "West Cumbria Partnership")).to_contain_text("Chair: Wyn Walker")
    screenshot(page, "structure-2007-no-js")

    page.get_by_role("link", name="Back to today").click()
    expect(page.locator("#structure-chart h2")).not_to_contain_text("2007")
    expect(page.get_by_role("link", name="West Cumbria Partnership")).to_have_count(0)
