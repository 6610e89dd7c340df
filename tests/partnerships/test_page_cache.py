"""The public page cache (partnerships/page_cache.py): pages anonymous visitors read are served
from the cache, the same for every visitor, and never stale whatever writes the database.

These tests commit (transactional_db), as production does: the generation moves on commit."""

import datetime
import io
import threading
from pathlib import Path

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import F
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from meetings import tasks as meeting_tasks
from meetings.models import Minutes, MinutesStatus
from partnerships import page_cache, services
from partnerships.models import Body, Organisation
from tests.factories import (
    MembershipFactory,
    PersonFactory,
    StaffUserFactory,
    UserFactory,
)
from tests.meetings.factories import HeldMeetingFactory, minutes_with

pytestmark = pytest.mark.django_db(transaction=True)
D = datetime.date
STRUCTURE_FILE = Path(__file__).parent / "data" / "structure.yaml"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def executive():
    return services.create_body(name="Carlisle Partnership Executive", kind="executive")


def generation():
    return cache.get(page_cache.GENERATION_KEY)


def served_from_cache(client, url, django_assert_num_queries, **headers):
    """The page, asserting that answering it took no query at all."""
    with django_assert_num_queries(0):
        return client.get(url, **headers)


def test_a_second_anonymous_visit_is_answered_from_the_cache(client, executive, django_assert_num_queries):
    first = client.get("/structure/")
    second = served_from_cache(Client(), "/structure/", django_assert_num_queries)
    assert second.status_code == 200
    assert second.content == first.content
    assert "Carlisle Partnership Executive" in second.content.decode()
    assert second["X-Frame-Options"] == "DENY"  # the headers the middleware added come back too


def test_every_main_public_page_is_the_same_for_every_visitor(executive, django_assert_num_queries):
    call_command("load_demo", stdout=io.StringIO())
    from meetings.selectors import PUBLIC, published_minutes

    minutes = published_minutes(PUBLIC).first()
    pages = [
        "/", "/structure/", "/meetings/", "/minutes/", reverse("meetings:minutes", kwargs={"pk": minutes.meeting_id}),
        "/performance/", "/data/popolo.json", "/meetings.ics", "/minutes/feed/",
    ]
    for url in pages:
        first = Client().get(url)
        assert first.status_code == 200, url
        assert not first.cookies, f"{url} set {list(first.cookies)}"
        body = first.content.decode()
        assert "csrfmiddlewaretoken" not in body and "X-CSRFToken" not in body, url
        again = served_from_cache(Client(), url, django_assert_num_queries)
        assert again.content == first.content, url


def test_signed_in_people_never_get_the_anonymous_copy_nor_leave_theirs(client, executive):
    private = services.create_body(name="Funding task group", kind="task_group", parent=executive, public=False)
    user = UserFactory()
    MembershipFactory(body=private, person=PersonFactory(user=user), start=D(2009, 1, 1))

    anonymous = Client().get("/structure/").content.decode()
    assert "Funding task group" not in anonymous

    member = Client()
    member.force_login(user)
    assert "Funding task group" in member.get("/structure/").content.decode()
    # The member's page was not stored: the public still gets the public's.
    assert "Funding task group" not in Client().get("/structure/").content.decode()
    cache.clear()
    assert "Funding task group" in member.get("/structure/").content.decode()
    assert "Funding task group" not in Client().get("/structure/").content.decode()


def test_a_page_with_a_message_is_neither_stored_nor_answered_from_the_cache(client, executive):
    warned = client.get("/structure/", {"on": "31/02/2009"}).content.decode()
    assert "is not a date in the form YYYY-MM-DD" in warned
    assert "is not a date in the form YYYY-MM-DD" in Client().get("/structure/?on=31/02/2009").content.decode()


def test_a_form_with_a_csrf_token_is_not_stored(client):
    first = client.get(reverse("login"))
    assert "csrfmiddlewaretoken" in first.content.decode()
    other = Client().get(reverse("login"))
    assert other.cookies  # its own CSRF cookie, so its own token


def test_htmx_fragments_and_full_pages_are_kept_apart(client, executive):
    full = client.get("/structure/").content.decode()
    fragment = client.get("/structure/", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" in full and "<html" not in fragment
    assert "<html" in Client().get("/structure/").content.decode()


# --- Every kind of write is visible on the next request ---------------------------------------

def test_a_service_write_is_visible_at_once(client, executive):
    assert "Carlisle Partnership Executive" in client.get("/structure/").content.decode()
    services.update_body(executive, name="Carlisle Executive Board")
    page = client.get("/structure/").content.decode()
    assert "Carlisle Executive Board" in page and "Carlisle Partnership Executive" not in page


def test_a_queryset_update_is_visible_at_once(client, executive):
    client.get("/structure/")
    Body.objects.filter(pk=executive.pk).update(name="Renamed by update()")
    assert "Renamed by update()" in client.get("/structure/").content.decode()


def test_a_bulk_create_is_visible_at_once(client):
    client.get(reverse("partnerships:organisations"))
    Organisation.objects.bulk_create([Organisation(name="Allerdale Borough Council", slug="allerdale", sector="public")])
    MembershipFactory(organisation=Organisation.objects.get(slug="allerdale"), start=D(2009, 1, 1))
    assert "Allerdale Borough Council" in client.get(reverse("partnerships:organisations")).content.decode()


def test_raw_sql_is_visible_at_once(client, executive):
    client.get("/structure/")
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {Body._meta.db_table} SET name = %s WHERE id = %s", ["Renamed in SQL", executive.pk])
    assert "Renamed in SQL" in client.get("/structure/").content.decode()


def test_a_body_made_private_disappears_at_once(client, executive):
    url = executive.get_absolute_url()
    assert client.get(url).status_code == 200
    assert "Carlisle Partnership Executive" in client.get("/structure/").content.decode()
    Body.objects.filter(pk=executive.pk).update(public=False)
    assert client.get(url).status_code == 404
    assert "Carlisle Partnership Executive" not in client.get("/structure/").content.decode()


def test_an_admin_edit_is_visible_at_once(client, executive):
    organisation = Organisation.objects.create(name="Eden District Council", slug="eden", sector="public", tier="district")
    MembershipFactory(organisation=organisation, body=executive, start=D(2009, 1, 1))
    url = reverse("partnerships:organisations")
    assert "Eden District Council" in client.get(url).content.decode()
    staff = Client()
    staff.force_login(StaffUserFactory(is_superuser=True))
    response = staff.post(
        reverse("admin:partnerships_organisation_change", args=[organisation.pk]),
        {"name": "Eden Council", "slug": "eden", "sector": "public", "tier": "district"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    page = client.get(url).content.decode()
    assert "Eden Council" in page and "Eden District Council" not in page


def test_an_import_is_visible_at_once(client):
    client.get("/structure/")
    call_command("import_structure", str(STRUCTURE_FILE), stdout=io.StringIO())
    first_body = Body.objects.filter(public=True).order_by("tree_id", "lft").first()
    assert first_body.name in client.get("/structure/").content.decode()


def test_scheduled_publication_by_the_celery_task_is_visible_at_once(client, executive):
    meeting = HeldMeetingFactory(body=executive, starts_at=timezone.now() - datetime.timedelta(days=30))
    minutes_with(
        meeting, status=MinutesStatus.APPROVED, decisions=["Adopt the Community Strategy"],
        publish_at=timezone.now() + datetime.timedelta(minutes=1),
    )
    url, link = reverse("meetings:minutes-list"), reverse("meetings:minutes", kwargs={"pk": meeting.pk})
    assert link not in client.get(url).content.decode()
    assert client.get(link).status_code == 404
    Minutes.objects.filter(meeting=meeting).update(publish_at=timezone.now() - datetime.timedelta(seconds=1))
    meeting_tasks.publish_scheduled.apply()  # the task as beat runs it, in this process
    assert link in client.get(url).content.decode()
    assert "Adopt the Community Strategy" in client.get(link).content.decode()


def test_minutes_published_by_an_officer_are_on_the_cached_home_page_at_once(client, executive):
    from meetings import services as meeting_services

    meeting = HeldMeetingFactory(body=executive, title="Budget review", starts_at=timezone.now() - datetime.timedelta(days=9))
    minutes = minutes_with(meeting, status=MinutesStatus.APPROVED)
    link = reverse("meetings:minutes", kwargs={"pk": meeting.pk})
    assert link not in client.get("/").content.decode()
    assert cache.get(page_cache.page_key(RequestFactory().get("/"))) is not None  # the home page is cached
    meeting_services.publish_minutes(minutes)
    assert link in client.get("/").content.decode()


def test_feeds_and_open_data_answer_conditional_gets(client, executive, django_assert_num_queries):
    for url in ("/data/popolo.json", "/meetings.ics", "/minutes/feed/"):
        first = client.get(url)
        etag = first["ETag"]
        unchanged = served_from_cache(Client(), url, django_assert_num_queries, HTTP_IF_NONE_MATCH=etag)
        assert unchanged.status_code == 304, url
        assert not unchanged.content
    client.get("/data/popolo.json")
    services.update_body(executive, name="Carlisle Executive Board")
    changed = client.get("/data/popolo.json", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert "Carlisle Executive Board" in changed.content.decode()


def test_signed_in_people_get_conditional_gets_on_open_data_too(executive):
    member = Client()
    member.force_login(UserFactory())
    etag = member.get("/data/popolo.json")["ETag"]
    assert member.get("/data/popolo.json", HTTP_IF_NONE_MATCH=etag).status_code == 304


# --- The generation: bumped on commit, by every write, on every connection -----------------

def test_the_generation_moves_on_commit_not_before_and_not_on_rollback():
    Organisation.objects.create(name="Before", slug="before", sector="public")
    before = generation()
    with transaction.atomic():
        Organisation.objects.create(name="Inside", slug="inside", sector="public")
        Organisation.objects.create(name="Inside too", slug="inside-too", sector="public")
        assert generation() == before  # a page rendered now may not be stored as the new state
    after = generation()
    assert after == before + 1  # one bump for the whole transaction
    with pytest.raises(RuntimeError), transaction.atomic():
        Organisation.objects.create(name="Rolled back", slug="rolled-back", sector="public")
        raise RuntimeError
    assert generation() == after


def test_a_write_in_a_savepoint_that_rolls_back_alone_does_not_lose_the_outer_bump():
    Organisation.objects.create(name="Start", slug="start", sector="public")
    before = generation()
    with transaction.atomic():
        try:
            with transaction.atomic():
                Organisation.objects.create(name="Inner", slug="inner", sector="public")
                raise RuntimeError
        except RuntimeError:
            pass
        Organisation.objects.create(name="Outer", slug="outer", sector="public")
    assert generation() == before + 1


def test_writes_on_a_new_connection_in_another_thread_bump_too():
    Organisation.objects.create(name="Start", slug="start", sector="public")
    before = generation()

    def write():
        from django.db import connections

        Organisation.objects.create(name="Threaded", slug="threaded", sector="public")
        connections.close_all()

    thread = threading.Thread(target=write)
    thread.start()
    thread.join()
    assert generation() > before


def test_every_table_of_every_model_counts_as_a_write():
    """A write path nobody thought of (an admin action, a data migration, a new model) is still
    a statement on one of these tables: each one, updated or deleted, moves the generation."""
    models = [m for m in apps.get_models(include_auto_created=True) if m._meta.managed and not m._meta.proxy]
    assert len(models) > 30
    for model in models:
        table = model._meta.db_table
        if table in page_cache._ignored_tables():
            continue
        pk = model._meta.pk.attname
        nothing = model.objects.filter(**{f"{pk}__isnull": True})  # the statements run; no row moves
        before = generation()
        nothing.update(**{pk: F(pk)})
        assert generation() != before, f"an UPDATE of {table} did not move the generation"
        before = generation()
        nothing._raw_delete(connection.alias)
        assert generation() != before, f"a DELETE from {table} did not move the generation"


def test_sessions_do_not_count_as_writes(client):
    user = UserFactory()
    client.force_login(user)
    before = generation()
    client.session.save()
    from django.contrib.sessions.models import Session

    Session.objects.all().delete()
    assert generation() == before


def test_statements_are_told_apart():
    writes = [
        'INSERT INTO "partnerships_body" ("name") VALUES (%s)',
        'UPDATE "partnerships_body" SET "name" = %s',
        'DELETE FROM "partnerships_body"',
        "  update partnerships_body set name = 'x'",
        'CREATE TABLE "x" ("id" integer)',
        'ALTER TABLE "x" ADD COLUMN "y" integer',
        'TRUNCATE "partnerships_body"',
        "WITH moved AS (UPDATE partnerships_body SET lft = lft + 2 RETURNING 1) SELECT count(*) FROM moved",
    ]
    reads = [
        'SELECT "partnerships_body"."id" FROM "partnerships_body"',
        "  select 1",
        'SAVEPOINT "s1_x1"',
        'RELEASE SAVEPOINT "s1_x1"',
        'UPDATE "django_session" SET "session_data" = %s',
        'DELETE FROM "django_session" WHERE "expire_date" < %s',
        'INSERT INTO "django_session" ("session_key") VALUES (%s)',
    ]
    assert all(page_cache.is_write(sql) for sql in writes)
    assert not any(page_cache.is_write(sql) for sql in reads)


# --- When the cache is down, pages render; the bump is retried before serving again --------

def test_pages_render_when_the_cache_is_down(client, executive, monkeypatch):
    from django.core.cache.backends.redis import RedisCache

    monkeypatch.setattr(page_cache, "_cache", lambda: RedisCache("redis://127.0.0.1:1/0", {}))
    monkeypatch.setattr(page_cache, "_bump_pending", False)
    assert client.get("/structure/").status_code == 200
    services.update_body(executive, name="Renamed while the cache is down")
    assert page_cache._bump_pending  # the next request retries it before using the cache
    assert "Renamed while the cache is down" in client.get("/structure/").content.decode()
    monkeypatch.undo()
    assert "Renamed while the cache is down" in client.get("/structure/").content.decode()


# --- Inside a transaction that is never committed (as most tests run) ------------------------

@pytest.mark.django_db
def test_inside_an_uncommitted_transaction_pages_are_always_rendered(client, executive):
    client.get("/structure/")
    services.update_body(executive, name="Renamed in the transaction")
    assert "Renamed in the transaction" in client.get("/structure/").content.decode()
    assert cache.get(page_cache.page_key(RequestFactory().get("/structure/"))) is None


def test_clear_page_cache_retires_pages_after_a_write_the_portal_did_not_see(client, executive):
    client.get("/structure/")
    before = generation()
    out = io.StringIO()
    call_command("clear_page_cache", stdout=out)
    assert generation() == before + 1
    assert "retired" in out.getvalue()


@pytest.mark.parametrize(("uses_nonce", "renders"), [(True, 2), (False, 1)])
def test_a_page_that_used_a_csp_nonce_is_not_stored(client, monkeypatch, uses_nonce, renders):
    from partnerships import views

    rendered = []
    original = views.render

    def render(request, *args, **kwargs):
        rendered.append(str(request.csp_nonce) if uses_nonce else None)
        return original(request, *args, **kwargs)

    monkeypatch.setattr(views, "render", render)
    # The structure page: a partnerships view (the home page's view is in meetings).
    client.get("/structure/")
    client.get("/structure/")
    assert len(rendered) == renders
