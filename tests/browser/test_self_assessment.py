"""A member scores a self-assessment in the browser, with the keyboard and the radio buttons,
submits it and sees the results (seed 002's evaluation framework)."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from governance.assessment.services import open_assessment
from partnerships import services
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_member_scores_with_the_keyboard_and_sees_the_results(page, live_server, log_in, screenshot):
    body = services.create_body(name="Carlisle Partnership Executive", kind="executive")
    user = UserFactory(username="rachel@example.org")
    person = PersonFactory(name="Rachel Armstrong", user=user)
    services.add_membership(person=person, body=body, role="member", start=datetime.date(2008, 6, 1))
    round_ = open_assessment(body=body, title="Carlisle Partnership self-assessment 2010")
    score_path = f"/self-assessment/{round_.pk}/score/"

    log_in(page, user, score_path)
    expect(page.get_by_role("heading", level=1)).to_have_text("Score Carlisle Partnership self-assessment 2010")
    questions = page.locator("fieldset.assessment-question")
    expect(questions).to_have_count(15)

    # Keyboard: Tab reaches the first group on its checked radio ("Don't know"); arrows choose.
    first = questions.nth(0)
    first.get_by_role("radio", name="Don't know").focus()
    page.keyboard.press("ArrowLeft")  # wraps back to "5 – Fully"
    page.keyboard.press("ArrowLeft")  # "4 – Mostly"
    expect(first.get_by_role("radio", name="4 – Mostly")).to_be_checked()

    # The rest with the radios themselves: 2 for Partners Roles (seed 002: "not clearly identified").
    questions.nth(1).get_by_role("radio", name="2 – A little").check()
    for index in range(2, 15):
        questions.nth(index).get_by_role("radio", name="3 – Partly").check()
    first.get_by_text("Add a comment").click()
    first.get_by_role("textbox").fill("A constitution and a clear mission statement on the website.")

    page.get_by_role("button", name="Save my scores").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf".*/self-assessment/{round_.pk}/$"))
    expect(page.get_by_role("status")).to_contain_text("you have scored 15 of 15 statements")
    expect(page.get_by_text("1 of 1 member (100%)")).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("Average score per criterion"))).to_be_visible()
    focus_row = page.get_by_role("row", name=re.compile(r"^1\. Focus"))
    expect(focus_row).to_contain_text("3.0")  # (4 + 2 + 3) / 3
    expect(page.get_by_text("“A constitution and a clear mission statement on the website.”")).to_be_visible()
    screenshot(page, "self-assessment-results")

    # Back on the form, the member's answers are kept and can be changed.
    page.get_by_role("link", name="Change your scores").click()
    expect(page.locator("fieldset.assessment-question").nth(1).get_by_role("radio", name="2 – A little")).to_be_checked()
