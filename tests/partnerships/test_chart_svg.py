"""/structure/chart.svg: the server-drawn org chart (partnerships/chart_svg.py)."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from bench.generate import generate_partnership
from partnerships import services
from partnerships.models import LinkKind
from tests.factories import MembershipFactory, StaffUserFactory

pytestmark = pytest.mark.django_db
D = datetime.date
SVG = "{http://www.w3.org/2000/svg}"
URL = reverse("partnerships:structure-svg")


def drawing(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200 and response["Content-Type"].startswith("image/svg+xml")
    return ET.fromstring(response.content)


def box_links(svg):
    return {a.find(f"{SVG}title").text.split(":")[0]: a.get("href") for a in svg.iter(f"{SVG}a")
            if a.get("class") == "structure-svg__body"}


@pytest.fixture
def cumbria():
    forum = services.create_body(name="Cumbria Strategic Partnership Forum", kind="forum", layer="strategic",
                                 established=D(2009, 1, 1))
    clf = services.create_body(name="Cumbria Leadership Forum", kind="board", layer="strategic", parent=forum,
                               established=D(2009, 1, 1), size_min=12, size_max=15)
    ceg = services.create_body(name="Cumbria Chief Executives Group", kind="chief_executives", layer="executive",
                               parent=clf, established=D(2009, 1, 1))
    rural = services.create_body(name="Cumbria Rural Forum", kind="thematic", parent=forum, established=D(2009, 1, 1))
    services.create_body(name="Leaders' Caucus", kind="board", parent=forum, public=False)
    for _ in range(11):
        MembershipFactory(body=clf, start=D(2009, 1, 1))
    services.save_link(from_body=ceg, to_body=rural, kind=LinkKind.HOLDS_TO_ACCOUNT)
    services.save_link(from_body=rural, to_body=clf, kind=LinkKind.REPORTS_TO)
    return forum, clf, ceg, rural


def test_each_body_is_a_box_linking_to_its_page_and_private_ones_only_for_those_who_may_see_them(client, cumbria):
    forum, clf, ceg, rural = cumbria
    links = box_links(drawing(client))
    assert links[forum.name] == forum.get_absolute_url() and rural.name in links
    assert "Leaders' Caucus" not in links
    client.force_login(StaffUserFactory())
    assert "Leaders' Caucus" in box_links(drawing(client))


def test_cross_links_are_drawn_one_style_per_kind_and_named_in_the_legend(client, cumbria):
    svg = drawing(client)
    lines = [p for p in svg.iter(f"{SVG}path") if p.get("data-kind")]
    assert sorted(p.get("data-kind") for p in lines) == ["holds_to_account", "reports_to"]
    styles = {p.get("data-kind"): (p.get("stroke"), p.get("stroke-dasharray")) for p in lines}
    assert styles["holds_to_account"] != styles["reports_to"]
    text = " ".join(t.text or "" for t in svg.iter(f"{SVG}text"))
    for label in ("Strategic", "Executive", "Operational", "Holds to account", "Reports to", "Advises", "Supports"):
        assert label in text
    assert "style=" not in ET.tostring(svg, encoding="unicode")  # the strict CSP allows no inline styles


def test_a_body_outside_its_optimum_size_is_marked(client, cumbria):
    svg = drawing(client)
    titles = [t.text for t in svg.iter(f"{SVG}title")]
    clf_title = next(t for t in titles if t.startswith("Cumbria Leadership Forum:"))
    assert "11 members (optimum 12\u201315)" in clf_title and "Outside the optimum size" in clf_title
    assert not any("Outside" in t for t in titles if t.startswith("Cumbria Rural Forum:"))


def test_the_chart_on_a_date_shows_bodies_where_they_were(client, cumbria):
    forum, clf, ceg, rural = cumbria
    services.move_body(body=rural, target=clf, on=D(2010, 4, 1))

    def order(**params):
        return list(box_links(drawing(client, **params)))

    # Tree order puts a body after its parent's other children: the Rural Forum follows the
    # Chief Executives under the Leadership Forum today, but sat straight under the Forum before.
    assert order()[:4] == [forum.name, clf.name, ceg.name, rural.name]
    old = drawing(client, on="2009-11-05")
    assert box_links(old)[rural.name] == f"{rural.get_absolute_url()}?on=2009-11-05"
    assert client.get(URL, {"on": "5/11/2009"}).status_code == 400


def test_a_large_partnership_collapses_and_opens_one_branch_at_a_time(client, django_assert_max_num_queries):
    generate_partnership(bodies=2000, memberships=2000, seed=7)
    with django_assert_max_num_queries(4):
        svg = drawing(client)
    boxes = box_links(svg)
    more = [a for a in svg.iter(f"{SVG}a") if a.get("class") == "structure-svg__more"]
    assert 0 < len(boxes) < 300 and more
    branch_url = more[0].get("href")
    assert "branch=" in branch_url
    branch = drawing(client, branch=branch_url.split("branch=")[1].split("&")[0])
    assert 1 < len(box_links(branch)) < len(boxes) + 2000


def test_the_structure_page_shows_the_drawing_beside_the_list(client, cumbria):
    html = client.get(reverse("partnerships:structure")).content.decode()
    assert "<svg" in html and 'class="chart"' in html and 'class="chart__name"' in html
