"""The clerk's minutes editor in a real browser (issue 11: "typing minutes for two items and then
clicking 'Add the decision' before 'Save the draft' empties both text areas, with no warning").
The page is one form, so adding a decision saves the text; leaving with unsaved typing asks
first (static/js/unsaved-changes.js)."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from meetings import services
from meetings.models import MeetingStatus
from partnerships import services as structure
from partnerships.models import BodyKind, Layer, Role
from tests.factories import MembershipFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.browser

STRATEGY_MINUTE = "The Board discussed the draft Community Strategy and its four themes."
BIDS_MINUTE = "Eleven bids were received and scored against the criteria."
DECISION = "Fund the three highest-scoring bids."


@pytest.fixture
def draft():
    """A meeting of the Carlisle Partnership Executive held last week, with two items and a
    draft of its minutes; Laura Bell is the body's officer."""
    body = structure.create_body(
        name="Carlisle Partnership Executive", kind=BodyKind.EXECUTIVE, layer=Layer.EXECUTIVE,
        established=datetime.date(2006, 3, 1),
    )
    officer = UserFactory(username="laura.bell@example.org")
    MembershipFactory(body=body, role=Role.OFFICER, voting=False, person=PersonFactory(name="Laura Bell", user=officer))
    MembershipFactory(body=body, person=PersonFactory(name="Rachel Armstrong"))
    last_week = timezone.localdate() - datetime.timedelta(days=7)
    starts = timezone.make_aware(datetime.datetime.combine(last_week, datetime.time(10)))
    meeting = services.create_meeting(
        body, starts_at=starts, ends_at=starts + datetime.timedelta(hours=2), venue="Civic Centre, Carlisle",
        status=MeetingStatus.HELD,
    )
    strategy = services.add_agenda_item(meeting, "Community Strategy")
    bids = services.add_agenda_item(meeting, "Funding bids")
    minutes = services.start_minutes(meeting, None)
    return {"meeting": meeting, "officer": officer, "minutes": minutes, "strategy": strategy, "bids": bids}


def editor_path(meeting):
    return f"/meetings/{meeting.pk}/minutes/edit/"


def test_adding_a_decision_keeps_the_minutes_typed_for_two_items(page, log_in, draft, screenshot):
    meeting, strategy, bids = draft["meeting"], draft["strategy"], draft["bids"]
    log_in(page, draft["officer"], editor_path(meeting))
    page.get_by_label("Minute of item 1").fill(STRATEGY_MINUTE)
    page.get_by_label("Minute of item 2").fill(BIDS_MINUTE)
    page.locator("#id_decision-item").select_option(label="2. Funding bids")
    page.locator("#id_decision-text").fill(DECISION)
    page.get_by_role("button", name="Add the decision").click()

    expect(page.get_by_text("Recorded the decision; the draft is saved.")).to_be_visible()
    expect(page.get_by_label("Minute of item 1")).to_have_value(STRATEGY_MINUTE)
    expect(page.get_by_label("Minute of item 2")).to_have_value(BIDS_MINUTE)
    expect(page.locator(f"#minutes-item-{bids.pk}")).to_contain_text(DECISION)
    screenshot(page, "minutes-editor")
    minutes = draft["minutes"]
    assert {e.item_id: e.text for e in minutes.entries.all()} == {strategy.pk: STRATEGY_MINUTE, bids.pk: BIDS_MINUTE}
    assert list(minutes.decisions.values_list("text", flat=True)) == [DECISION]


def test_leaving_with_unsaved_minutes_asks_first(page, log_in, draft):
    meeting = draft["meeting"]
    log_in(page, draft["officer"], editor_path(meeting))
    # Nothing typed: the page is left without a question.
    page.get_by_role("link", name="Meeting page").click()
    page.wait_for_url(f"**/meetings/{meeting.pk}/")
    page.go_back()

    page.get_by_label("Minute of item 1").fill(STRATEGY_MINUTE)
    asked = []

    def answer(dialog):
        asked.append(dialog.type)
        dialog.dismiss()  # stay on the page

    page.on("dialog", answer)
    page.get_by_role("link", name="Meeting page").click()
    page.wait_for_timeout(500)
    assert asked == ["beforeunload"]
    expect(page.get_by_label("Minute of item 1")).to_have_value(STRATEGY_MINUTE)
    assert page.url.endswith(editor_path(meeting))

    # Saving is leaving on purpose: no question.
    page.get_by_role("button", name="Save the draft", exact=True).filter(visible=True).click()
    expect(page.get_by_text("Saved the draft minutes.")).to_be_visible()
    assert asked == ["beforeunload"]
    assert draft["minutes"].entries.get().text == STRATEGY_MINUTE


def status_of(page, action):
    return page.get_by_label(f"Status of the action “{action.text}”")


def test_without_javascript_updating_an_actions_status_keeps_the_minutes_typed(new_context, log_in, draft):
    # The Update button is a step of the draft's one form: it saves the typed minutes as well.
    meeting, minutes, strategy = draft["meeting"], draft["minutes"], draft["strategy"]
    action = services.add_action(minutes, strategy, "Circulate the draft strategy to the theme groups")
    page = new_context(java_script_enabled=False).new_page()
    log_in(page, draft["officer"], editor_path(meeting))
    page.get_by_label("Minute of item 1").fill(STRATEGY_MINUTE)
    status_of(page, action).select_option(label="Done")
    page.get_by_role("button", name="Update").click()

    page.wait_for_url(f"**{editor_path(meeting)}#actions")
    expect(page.get_by_text(f"“{action.text}” is now done. The draft is saved.")).to_be_visible()
    expect(page.get_by_label("Minute of item 1")).to_have_value(STRATEGY_MINUTE)
    expect(status_of(page, action)).to_have_value("done")
    action.refresh_from_db()
    assert action.status == "done"
    assert {e.item_id: e.text for e in minutes.entries.all()} == {strategy.pk: STRATEGY_MINUTE}


def editor_with_an_action(page, log_in, draft):
    """The editor open on a draft with one action, as its officer; and the list of the dialogs
    the page asks (each dismissed: the officer stays on the page)."""
    action = services.add_action(draft["minutes"], draft["strategy"], "Circulate the draft strategy to the theme groups")
    log_in(page, draft["officer"], editor_path(draft["meeting"]))
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    return action, asked


def test_with_htmx_a_status_is_updated_in_place_and_the_typing_stays(page, log_in, draft):
    meeting, minutes = draft["meeting"], draft["minutes"]
    action, asked = editor_with_an_action(page, log_in, draft)

    # A status saved in place leaves nothing unsaved: the page is left without a question.
    status_of(page, action).select_option(label="Dropped")
    page.get_by_role("button", name="Update").click()
    expect(page.locator(f"#action-status-{action.pk}").get_by_text("Saved")).to_be_visible()
    action.refresh_from_db()
    assert action.status == "dropped"
    page.get_by_role("link", name="Meeting page").click()
    page.wait_for_url(f"**/meetings/{meeting.pk}/")
    assert asked == []
    page.go_back()

    page.get_by_label("Minute of item 1").fill(STRATEGY_MINUTE)
    status_of(page, action).select_option(label="Done")
    page.get_by_role("button", name="Update").click()
    expect(status_of(page, action)).to_have_value("done")
    expect(page.locator(f"#action-status-{action.pk}").get_by_text("Saved")).to_be_visible()
    expect(page.get_by_label("Minute of item 1")).to_have_value(STRATEGY_MINUTE)
    action.refresh_from_db()
    assert action.status == "done"
    # The swapped-in button still belongs to the draft form; the typing is saved with the draft.
    page.get_by_role("button", name="Save the draft", exact=True).filter(visible=True).click()
    expect(page.get_by_text("Saved the draft minutes.")).to_be_visible()
    assert asked == [] and minutes.entries.get().text == STRATEGY_MINUTE


def test_a_status_changed_without_update_asks_before_leaving_and_is_saved_with_the_draft(page, log_in, draft):
    meeting = draft["meeting"]
    action, asked = editor_with_an_action(page, log_in, draft)
    status_of(page, action).select_option(label="Done")
    page.get_by_role("link", name="Meeting page").click()
    page.wait_for_timeout(500)
    assert asked == ["beforeunload"] and page.url.endswith(editor_path(meeting))

    page.get_by_role("button", name="Save the draft", exact=True).filter(visible=True).click()
    expect(page.get_by_text(f"Saved the draft minutes. “{action.text}” is now done.")).to_be_visible()
    expect(status_of(page, action)).to_have_value("done")
    action.refresh_from_db()
    assert action.status == "done" and asked == ["beforeunload"]


def test_a_long_registered_interest_does_not_widen_the_page(page, log_in, draft):
    """The declaration's choices name each registered interest; a long one must not push the
    form's second column past its half of the page (grid columns are minmax(0, 1fr))."""
    from meetings.models import InterestCategory
    from partnerships.models import Person

    services.register_interest(
        Person.objects.get(name="Rachel Armstrong"), category=InterestCategory.values[0],
        description="Trustee of the Carlisle and District Voluntary and Community Sector Consortium, which bids "
                    "for the Working Neighbourhoods Fund and receives grants from the County Council",
    )
    log_in(page, draft["officer"], editor_path(draft["meeting"]))
    interest = page.get_by_label("Registered interest")
    expect(interest).to_contain_text("Carlisle and District Voluntary")
    box = interest.bounding_box()
    halves = page.locator(".grid--halves", has=interest).bounding_box()
    assert box["width"] <= halves["width"] / 2  # its column keeps to its half
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
