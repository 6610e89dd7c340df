"""Comparing two versions of a body's terms of reference in a real browser: choose the versions
in the form, and see the insertions and deletions marked (and named for screen readers)."""

import datetime

import pytest
from playwright.sync_api import expect

from partnerships import services
from tests.governance.factories import make_terms

pytestmark = pytest.mark.browser
D = datetime.date


@pytest.fixture
def conveners(transactional_db):
    """The Conveners' terms (seed 002, Appendix Two, 01/08/06), revisited twice."""
    body = services.create_body(name="The Conveners", kind="conveners")
    tasks = "To table items for the CLSP Executive\nTo delegate actions to specific priority groups"
    make_terms(body, approved_on=D(2006, 8, 1), meeting_frequency="To meet monthly.", primary_tasks=tasks)
    make_terms(body, approved_on=D(2008, 1, 15), meeting_frequency="To meet monthly.", primary_tasks=tasks,
               change_note="No change to the text: re-approved.")
    make_terms(
        body, approved_on=D(2009, 11, 17), meeting_frequency="To meet every two months.",
        primary_tasks="To table items for the CLSP Executive\nTo take on the stronger element of the partnership",
        change_note="Revisited in 2009.",
    )
    return body


def test_choosing_two_versions_shows_what_was_added_and_removed(page, live_server, conveners, screenshot):
    page.goto(f"/structure/bodies/{conveners.slug}/terms/")
    page.get_by_role("link", name="Compare any two versions").click()

    # The page opens on the two newest versions; choose the first and the last.
    page.get_by_label("Compare version").select_option(label="Version 1 (superseded)")
    page.get_by_label("with version").select_option(label="Version 3 (approved)")
    page.get_by_role("button", name="Compare").click()
    page.wait_for_url("**/terms/diff/?from=1&to=3")

    frequency = page.locator("section", has=page.get_by_role("heading", name="Meeting frequency"))
    expect(frequency.locator("del")).to_have_text("removed: monthly.")
    expect(frequency.locator("ins")).to_have_text("added: every two months.")
    tasks = page.locator("section", has=page.get_by_role("heading", name="Primary tasks"))
    expect(tasks.locator("li.diff-line--removed del")).to_contain_text("To delegate actions to specific priority groups")
    expect(tasks.locator("li.diff-line--added ins")).to_contain_text("stronger element")
    expect(page.locator("#diff-summary")).to_contain_text("Primary tasks")
    # The words for screen readers are present but take no room on screen (clipped to 1px).
    assert frequency.locator("ins .visually-hidden").first.bounding_box()["width"] <= 1
    screenshot(page, "terms-diff")

    # Versions 1 and 2 have the same text.
    page.get_by_label("with version").select_option(label="Version 2 (superseded)")
    page.get_by_role("button", name="Compare").click()
    expect(page.locator("#diff-summary")).to_have_text("The two versions have the same text.")
    expect(page.locator(".diff ins")).to_have_count(0)


def test_choosing_the_same_version_twice_explains_the_problem(page, live_server, conveners):
    page.goto(f"/structure/bodies/{conveners.slug}/terms/diff/")
    page.get_by_label("Compare version").select_option(label="Version 2 (superseded)")
    page.get_by_label("with version").select_option(label="Version 2 (superseded)")
    page.get_by_role("button", name="Compare").click()
    expect(page.get_by_role("alert")).to_contain_text("same version")
    expect(page.locator(".diff")).to_have_count(0)
