"""The dashboard, the indicator page, data entry and publishing, role by role. The world is the
permission matrix's (tests/governance/conftest.py, matrix_performance.py): NI192, led through
its theme by the private task group, with 2009Q2 published and 2009Q3 (41.737) not."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partnerships.models import Body
from performance.models import Indicator, Measurement, MeasurementCorrection, PublishedQuarter, Theme
from tests.factories import BodyFactory, MembershipFactory, PersonFactory, UserFactory
from tests.governance.conftest import ROLES, World

from .factories import cumbria_strategy

UNPUBLISHED_VALUE = "41.737"
DASHBOARD = reverse("performance:dashboard")
ENTRY = reverse("performance:entry")


@pytest.fixture
def world(db):
    return World()


def indicator_url(world):
    return reverse("performance:indicator", kwargs={"code": world.performance_indicator.code})


def as_role(world, client, role):
    return world.client_for(client, role)


@pytest.mark.parametrize("role", ROLES)
def test_the_public_never_sees_an_unpublished_quarter(world, client, role):
    """The permission matrix, extended to content: every page and partial that could show a
    quarter's figures, for every role."""
    client = as_role(world, client, role)
    pages = [
        DASHBOARD,
        f"{DASHBOARD}?period=2009Q3",
        f"{DASHBOARD}?period=2009Q3&rag=amber",  # 41.737 is just behind 41.75
        indicator_url(world),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert (UNPUBLISHED_VALUE in response.content.decode()) is (role != "anonymous"), f"{role} GET {url}"
    partial = client.get(f"{DASHBOARD}?period=2009Q3", headers={"HX-Request": "true"})
    assert (UNPUBLISHED_VALUE in partial.content.decode()) is (role != "anonymous")


def test_the_public_asking_for_an_unpublished_quarter_is_told_and_shown_the_latest_published(world, client):
    response = client.get(f"{DASHBOARD}?period=2009Q3")
    content = response.content.decode()
    assert "The figures for 2009Q3 have not been published yet. Showing 2009Q2, the latest published quarter." in content
    assert "This is the public summary" in content
    assert response.context["card"].period.number == 2
    assert [str(q) for q, _ in response.context["periods"]] == ["2009Q2"]


def test_members_see_every_quarter_with_unpublished_ones_marked(world, client):
    response = as_role(world, client, "member").get(DASHBOARD)
    content = response.content.decode()
    assert response.context["card"].period.number == 3  # the latest with data
    assert "Unpublished" in content
    assert "This is the public summary" not in content
    assert "Publish 2009Q3" not in content


def test_staff_may_publish_from_the_dashboard(world, client):
    response = as_role(world, client, "staff").get(DASHBOARD)
    assert "Publish 2009Q3" in response.content.decode()


def test_the_dashboard_filters_with_htmx_returns_only_the_results(world, client):
    response = as_role(world, client, "member").get(f"{DASHBOARD}?rag=red", headers={"HX-Request": "true"})
    content = response.content.decode()
    assert content.lstrip().startswith('<div id="dashboard-results">')
    assert "<html" not in content
    assert "No themes match the filters." in content


@pytest.mark.parametrize("query", ["period=2030Q9", "period=garbage&rag=purple&theme=none&body=nobody", "strategy="])
def test_the_dashboard_ignores_bad_filters(world, client, query):
    assert client.get(f"{DASHBOARD}?{query}").status_code == 200


def test_an_unknown_strategy_or_indicator_is_not_found(world, client):
    assert client.get(f"{DASHBOARD}?strategy=no-such-strategy").status_code == 404
    assert client.get(reverse("performance:indicator", kwargs={"code": "NI999"})).status_code == 404


def test_the_dashboard_without_any_published_quarter(world, client):
    PublishedQuarter.objects.all().delete()
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    assert "No quarter's figures have been published yet." in response.content.decode()
    assert UNPUBLISHED_VALUE not in response.content.decode()


def test_the_indicator_page_shows_history_targets_and_a_chart(world, client):
    content = as_role(world, client, "executive").get(indicator_url(world)).content.decode()
    assert "<svg" in content and 'class="history-chart"' in content
    assert "Targets" in content and "46%" in content
    assert "Enter measurements" not in content  # executives read, the lead body's officers enter


# Data entry -----------------------------------------------------------------------------------


def entry_url(period="2009Q3"):
    return f"{ENTRY}?period={period}"


def test_the_officer_sees_the_grid_of_indicators_they_may_enter(world, client):
    response = as_role(world, client, "officer").get(entry_url())
    assert response.status_code == 200
    grid = response.context["grid"]
    assert [indicator.code for indicator, *_ in grid.rows] == ["NI192"]
    assert 'value="41.737"' in response.content.decode()


def test_saving_the_grid_records_and_corrects(world, client):
    client = as_role(world, client, "officer")
    field = f"value_{world.performance_indicator.pk}"
    note = f"note_{world.performance_indicator.pk}"
    response = client.post(entry_url("2009Q4"), {"action": "save", field: "42.5", note: "Kerbside"})
    assert response.status_code == 302
    assert Measurement.objects.get(period="2009Q4").note == "Kerbside"

    response = client.post(entry_url("2009Q3"), {"action": "save", field: "41.9", note: ""}, follow=True)
    assert "Saved 2009Q3: corrected 1; unchanged 0." in response.content.decode()
    [history] = MeasurementCorrection.objects.all()
    assert str(history.previous_value) == "41.737"

    # The officer sees the correction history; a member does not.
    assert "Corrected 1 time" in client.get(indicator_url(world)).content.decode()
    client.logout()
    assert "Corrected 1 time" not in as_role(world, client, "member").get(indicator_url(world)).content.decode()


@pytest.mark.parametrize("value, message", [
    ("12,5", "is not a number"),
    ("", "A recorded value can be corrected but not removed"),
])
def test_a_bad_grid_value_is_shown_and_nothing_is_written(world, client, value, message):
    client = as_role(world, client, "officer")
    response = client.post(entry_url(), {"action": "save", f"value_{world.performance_indicator.pk}": value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "Nothing was saved." in response.content.decode()
    assert str(Measurement.objects.get(period="2009Q3").value) == "41.737"


def upload(client, text, period="2009Q3"):
    return client.post(entry_url(period), {
        "action": "upload", "file": SimpleUploadedFile("returns.csv", text.encode(), content_type="text/csv"),
    })


def test_uploading_a_good_file(world, client):
    response = upload(as_role(world, client, "officer"), "indicator,period,value,note\nNI192,2009Q4,42,\nNI192,2010Q1,43,\n")
    assert response.status_code == 302
    assert Measurement.objects.filter(period__in=["2009Q4", "2010Q1"]).count() == 2
    assert "returns.csv imported: created 2 measurements; unchanged 0." in as_role(world, client, "officer").get(response.url).content.decode()


def test_uploading_a_bad_file_lists_every_error_and_writes_nothing(world, client):
    text = "indicator,period,value,note\nNI192,2009Q4,42,\nNI192,2009Q4,43,\nNI185,2009Q4,1,\nNI192,2010Q1,many,\n"
    response = upload(as_role(world, client, "staff"), text)
    content = response.content.decode()
    assert response.status_code == 200
    assert "The file was not imported" in content
    for line in ["line 3: NI192 2009Q4 is already given on line 2", "line 4: unknown indicator &#x27;NI185&#x27;",
                 "line 5: &#x27;many&#x27; is not a number"]:
        assert line in content
    assert not Measurement.objects.filter(period="2009Q4").exists()


def test_an_officer_may_not_upload_another_bodys_indicator(world, client):
    from tests.performance.factories import IndicatorFactory

    IndicatorFactory(code="NI185", outcome=world.performance_indicator.outcome, lead_body=world.public_body)
    response = upload(as_role(world, client, "officer"), "indicator,period,value,note\nNI185,2009Q4,1,\n")
    assert "line 2: you may not enter measurements for NI185" in response.content.decode()
    assert not Measurement.objects.filter(period="2009Q4").exists()


def test_an_upload_without_a_file(world, client):
    response = as_role(world, client, "officer").post(entry_url(), {"action": "upload"})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()


# Publishing -----------------------------------------------------------------------------------


def test_publishing_a_quarter_shows_it_to_the_public(world, client):
    staff = as_role(world, client, "staff")
    strategy = world.performance_indicator.outcome.theme.strategy
    response = staff.post(reverse("performance:publish"), {"strategy": strategy.slug, "period": "2009Q3"})
    assert response.status_code == 302 and response.url.endswith("?period=2009Q3")
    assert PublishedQuarter.objects.filter(strategy=strategy, period="2009Q3").exists()
    client.logout()
    assert UNPUBLISHED_VALUE in client.get(DASHBOARD).content.decode()


def test_only_staff_publish(world, client):
    strategy = world.performance_indicator.outcome.theme.strategy
    response = as_role(world, client, "officer").post(reverse("performance:publish"), {"strategy": strategy.slug, "period": "2009Q3"})
    assert response.status_code == 404
    assert not PublishedQuarter.objects.filter(period="2009Q3").exists()


def test_publishing_a_bad_quarter_says_why(world, client):
    strategy = world.performance_indicator.outcome.theme.strategy
    response = as_role(world, client, "staff").post(
        reverse("performance:publish"), {"strategy": strategy.slug, "period": "2015Q1"}, follow=True
    )
    assert "2015Q1 is outside" in response.content.decode()


# A private lead body's name stays private (issue 8, section 3) -----------------------------------


@pytest.fixture
def private_leads(db):
    """The Cumbria strategy with the Environment theme led by a private body, and NI151 led by
    another private body of its own (its theme's lead is public), 2009Q3 published."""
    strategy = cumbria_strategy()
    PublishedQuarter.objects.create(strategy=strategy, period="2009Q3")
    environment = Theme.objects.get(name="Environment")
    Body.objects.filter(pk=environment.lead_body_id).update(name="Carbon Reduction Task Group", public=False)
    Indicator.objects.filter(code="NI151").update(
        lead_body=BodyFactory(name="Worklessness Task Group", slug="worklessness", public=False)
    )
    return strategy


PRIVATE_LEADS = ("Carbon Reduction Task Group", "Worklessness Task Group")


@pytest.mark.parametrize("role", ["anonymous", "outsider"])
def test_the_performance_pages_do_not_name_a_private_lead_body(private_leads, client, role):
    if role == "outsider":  # signed in, sits on another body
        user = UserFactory()
        MembershipFactory(person=PersonFactory(user=user), body=BodyFactory())
        client.force_login(user)
    pages = {
        "dashboard": client.get(DASHBOARD),
        "indicator": client.get(reverse("performance:indicator", kwargs={"code": "NI192"})),
        "own lead": client.get(reverse("performance:indicator", kwargs={"code": "NI151"})),
        "filtered": client.get(f"{DASHBOARD}?body=worklessness"),
    }
    for name, response in pages.items():
        content = response.content.decode()
        assert response.status_code == 200, name
        assert not any(lead in content for lead in PRIVATE_LEADS), name
    choices = dict(pages["dashboard"].context["form"].fields["body"].choices)
    assert not set(PRIVATE_LEADS) & set(choices.values())
    assert "Cumbria Vision Partnership" in choices.values()  # a public lead is still a choice
    # The indicator led by a private body is not shown as led by its theme's (public) lead.
    assert pages["own lead"].context["detail"].lead_body is None
    # A private body's slug in the filter does not narrow the dashboard to what it leads.
    assert "NI186" in pages["filtered"].content.decode()


def test_a_member_of_the_private_lead_body_sees_its_name(private_leads, client):
    user = UserFactory()
    MembershipFactory(person=PersonFactory(user=user), body=Indicator.objects.get(code="NI151").lead_body)
    client.force_login(user)
    assert "Worklessness Task Group" in client.get(reverse("performance:indicator", kwargs={"code": "NI151"})).content.decode()
    response = client.get(DASHBOARD)
    assert "Worklessness Task Group" in dict(response.context["form"].fields["body"].choices).values()
    assert "Carbon Reduction Task Group" not in response.content.decode()


def test_a_bad_note_is_shown_beside_it_and_nothing_is_written(world, client):
    """Found by the form fuzzing: a note the form refused (a null character) was not shown."""
    client = as_role(world, client, "officer")
    indicator = world.performance_indicator
    response = client.post(entry_url("2009Q4"), {"action": "save", f"value_{indicator.pk}": "42", f"note_{indicator.pk}": "a\x00b"})
    content = response.content.decode()
    assert response.status_code == 200 and "Null characters are not allowed." in content
    assert f'href="#id_note_{indicator.pk}"' in content
    assert not Measurement.objects.filter(period="2009Q4").exists()
