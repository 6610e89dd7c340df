"""Staff move bodies in the admin's tree by drag-and-drop (django-mptt's DraggableMPTTAdmin),
and the nested-set columns stay consistent."""

from urllib.parse import parse_qsl

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from partnerships import services
from partnerships.models import Body, BodyKind
from partnerships.permissions import ensure_role_groups
from partnerships.roles import STAFF_GROUP
from partnerships.tree import tree_problems
from tests.factories import AdminUserFactory, StaffUserFactory

pytestmark = pytest.mark.browser

CHANGELIST = "/admin/partnerships/body/"
# The texts mptt's draggable-admin.js shows on the drop line for the three places a row can go.
DROP_LINE_TEXT = {
    "child": "move node to child position",
    "before": "move node before node",
    "after": "move node after node",
}


@pytest.fixture
def tree():
    """Forum > (Executive > Children's Trust, Health Partnership); and a second root."""
    forum = services.create_body(name="Strategic Forum", kind=BodyKind.FORUM)
    executive = services.create_body(name="Executive", kind=BodyKind.EXECUTIVE, parent=forum)
    trust = services.create_body(name="Children's Trust", kind=BodyKind.THEMATIC, parent=executive)
    health = services.create_body(name="Health Partnership", kind=BodyKind.THEMATIC, parent=forum)
    locality = services.create_body(name="Allerdale Locality", kind=BodyKind.LOCALITY)
    assert tree_problems() == []
    return {"forum": forum, "executive": executive, "trust": trust, "health": health,
            "locality": locality}


def tree_snapshot():
    return list(
        Body.objects.order_by("pk").values_list("name", "parent__name", "tree_id", "lft", "rght", "level")
    )


def open_tree(page, log_in, user):
    """Sign in, open the body change list with its static files loaded, and expand the tree."""
    static = []
    page.on("response", lambda r: static.append((r.url, r.status)) if "/static/" in r.url else None)
    log_in(page, user, CHANGELIST)
    expect(page.get_by_role("heading", level=1)).to_have_text("Select body to change")
    page.wait_for_load_state("load")
    loaded = {url.split("/static/", 1)[1]: status for url, status in static}
    for path in ("admin/css/base.css", "admin/js/vendor/jquery/jquery.js", "admin/js/jquery.init.js",
                 "mptt/draggable-admin.css", "mptt/draggable-admin.js", "mptt/arrow-move-black.png"):
        assert loaded.get(path) == 200, f"/static/{path} did not load: {loaded}"
    assert [url for url, status in loaded.items() if status != 200] == []
    page.get_by_role("link", name="Expand tree").click()
    expect(row(page, "Children's Trust")).to_be_visible()


def row(page, name):
    return page.locator("#result_list tbody tr").filter(
        has=page.get_by_role("link", name=name, exact=True)
    )


def drag(page, name, onto, where):
    """Drag `name`'s handle onto `onto`'s row, to drop it before, after or under it."""
    dragged = row(page, name)
    handle = dragged.locator(".drag-handle").bounding_box()
    page.mouse.move(handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2)
    page.mouse.down()
    # draggable-admin.js splits every row into thirds (before, child, after) using the height of
    # the row being dragged, not the target's own, so aim by that height.
    height = dragged.bounding_box()["height"]
    target = row(page, onto).bounding_box()
    third = {"before": 1 / 6, "child": 1 / 2, "after": 5 / 6}[where]
    page.mouse.move(target["x"] + 200, target["y"] + height * third, steps=12)
    expect(page.locator("#drag-line span")).to_have_text(DROP_LINE_TEXT[where])
    # The drop posts the move, then the script reloads the page (taking the answer's body with
    # it: the admin's message after the reload says what happened).
    with page.expect_navigation():
        with page.expect_request(lambda r: r.method == "POST") as posted:
            page.mouse.up()
    return dict(parse_qsl(posted.value.post_data))


def test_superuser_drags_a_body_under_another(page, log_in, tree, screenshot):
    open_tree(page, log_in, AdminUserFactory())
    screenshot(page, "admin-tree-before")

    move = drag(page, "Children's Trust", onto="Health Partnership", where="child")

    assert move == {"cmd": "move_node", "position": "last-child", "cut_item": str(tree["trust"].pk),
                    "pasted_on": str(tree["health"].pk)}
    expect(page.locator(".messagelist")).to_contain_text("Children's Trust has been moved; its earlier place stays in the structure's history.")
    assert Body.objects.get(name="Children's Trust").parent == tree["health"]
    assert Body.objects.get(name="Executive").get_children().count() == 0
    assert tree_problems() == []
    # The reloaded list shows the new place: the trust indented under the health partnership.
    names = page.locator("#result_list tbody th").all_inner_texts()
    assert names[names.index("Health Partnership") + 1] == "Children's Trust"
    screenshot(page, "admin-tree-after-move")


def test_partnership_staff_drag_a_body_into_another_tree(page, log_in, tree):
    # The group a post_migrate handler makes; made here too, as transactional tests flush it.
    ensure_role_groups()
    staff = StaffUserFactory()
    staff.groups.add(Group.objects.get(name=STAFF_GROUP))
    assert not staff.is_superuser and staff.has_perm("partnerships.change_body")
    open_tree(page, log_in, staff)

    drag(page, "Executive", onto="Allerdale Locality", where="child")

    expect(page.locator(".messagelist")).to_contain_text("Executive has been moved; its earlier place stays in the structure's history.")
    executive = Body.objects.get(name="Executive")
    assert executive.parent == tree["locality"]
    assert Body.objects.get(name="Children's Trust").parent == executive
    assert executive.tree_id == tree["locality"].tree_id
    assert tree_problems() == []


def test_dropping_a_body_into_its_own_branch_changes_nothing(page, log_in, tree, screenshot):
    before = tree_snapshot()
    open_tree(page, log_in, AdminUserFactory())

    drag(page, "Executive", onto="Children's Trust", where="child")

    expect(page.locator(".messagelist")).to_contain_text(
        "is part of Executive's own branch."
    )
    assert tree_snapshot() == before
    assert Body.objects.get(name="Executive").parent == tree["forum"]
    assert tree_problems() == []
    screenshot(page, "admin-tree-refused")
