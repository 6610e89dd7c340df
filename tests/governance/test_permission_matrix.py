"""Every URL name x every role, generated from the URL conf: a new view without a row here
fails the suite (Zulip's check_has_permission_policies does the same for its roles). Every
write endpoint is also sent its real POST by every role, and the test checks what changed: a
form on any page that posts to a URL without a write rule fails the suite too."""

import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.cache import caches
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse

from partnerships.models import Membership

from .conftest import OFFICER_AND_STAFF, ROLES, Write, matrix_modules

OK, LOGIN, HIDDEN, POST_ONLY = 200, 302, 404, 405


@pytest.fixture
def world(module_world, db):
    """The module's shared World, with empty caches: a page cached by one cell must not answer
    the next cell, whose role (or whose rolled-back writes) differ."""
    for cache in caches.all():
        cache.clear()
    return module_world


def everyone(status):
    return dict.fromkeys(ROLES, status)


def signed_in(status=OK):
    return {**everyone(status), "anonymous": LOGIN}


def private_body_kwargs(world):
    return {"slug": world.private_body.slug}


MATRIX = {
    # url name: (kwargs builder, {role: expected status})
    "partnerships:home": (None, everyone(OK)),
    "partnerships:structure": (None, everyone(OK)),
    "partnerships:body": (
        private_body_kwargs,
        {"anonymous": HIDDEN, "member": OK, "officer": OK, "executive": OK, "staff": OK, "admin": OK, "outsider": HIDDEN},
    ),
    "partnerships:membership-add": (
        private_body_kwargs,
        {"anonymous": LOGIN, "member": HIDDEN, "officer": OK, "executive": HIDDEN, "staff": OK, "admin": OK, "outsider": HIDDEN},
    ),
    "partnerships:membership-edit": (
        lambda w: {"slug": w.private_body.slug, "pk": w.membership.pk},
        {"anonymous": LOGIN, "member": HIDDEN, "officer": OK, "executive": HIDDEN, "staff": OK, "admin": OK, "outsider": HIDDEN},
    ),
    "partnerships:organisations": (None, everyone(OK)),
    "partnerships:organisation": (lambda w: {"slug": w.membership.organisation.slug}, everyone(OK)),
    "partnerships:popolo": (None, everyone(OK)),
    "accounts:my-account": (None, signed_in()),
    "login": (None, everyone(OK)),
    "logout": (None, everyone(POST_ONLY)),
    "password_change": (None, signed_in()),
    "password_change_done": (None, signed_in()),
    "password_reset": (None, everyone(OK)),
    "password_reset_done": (None, everyone(OK)),
    "password_reset_confirm": (lambda w: {"uidb64": "MQ", "token": "set-password"}, everyone(OK)),
    "password_reset_complete": (None, everyone(OK)),
    "admin:index": (None, {**everyone(LOGIN), "staff": OK, "admin": OK}),
}

def _membership_form(world, seat, person=None):
    person = person or world.users["outsider"].person
    return {"person": person.pk, "role": "member", "seat": seat, "voting": "on", "start": "2010-01-01"}


WRITES = {
    # url name: Write(kwargs builder, form body, state read back, roles that may)
    "partnerships:membership-add": Write(
        private_body_kwargs, lambda w: _membership_form(w, "Community seat"),
        lambda w: list(Membership.objects.filter(body=w.private_body).values_list("seat", flat=True)),
        OFFICER_AND_STAFF,
    ),
    "partnerships:membership-edit": Write(
        lambda w: {"slug": w.private_body.slug, "pk": w.membership.pk},
        lambda w: {**_membership_form(w, "Voluntary sector seat (renewed)", w.membership.person),
                   "organisation": w.membership.organisation.pk},
        lambda w: Membership.objects.get(pk=w.membership.pk).seat, OFFICER_AND_STAFF,
    ),
}
for _module in matrix_modules():
    MATRIX.update(getattr(_module, "ROWS", {}))
    WRITES.update(getattr(_module, "WRITES", {}))


def url_names(resolver=None, namespace=None):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace]))
            if pattern.namespace == "admin":
                continue  # Django's admin has its own permission checks; admin:index stands for it.
            yield from url_names(pattern, inner or None)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_every_url_name_has_a_row_in_the_matrix():
    missing = set(url_names()) - set(MATRIX)
    assert not missing, f"views without an access rule in the matrix: {sorted(missing)}"


def test_every_write_is_a_url_with_a_row():
    assert not set(WRITES) - set(MATRIX), f"writes without a URL and a row: {sorted(set(WRITES) - set(MATRIX))}"


def test_every_post_only_url_has_a_write():
    post_only = {name for name, (_, expected) in MATRIX.items() if POST_ONLY in expected.values()}
    unsent = post_only - set(WRITES)
    assert not unsent, f"POST-only URLs never sent a POST: {sorted(unsent)}"


POSTING = re.compile(
    r"""<form\b(?=[^>]*\bmethod=["']?post)[^>]*?(?:\baction=["']([^"']*)["'][^>]*)?>|\bhx-post=["']([^"']*)["']""",
    re.IGNORECASE,
)


def test_every_form_on_every_page_posts_to_a_url_with_a_write(world, client):
    """The pages as those who may change things see them: whatever a form or htmx element posts
    to must be a URL with a write rule."""
    posted = {}
    for role in ("admin", "officer", "member"):
        world.client_for(client, role)
        for name, (kwargs_for, expected) in MATRIX.items():
            if expected[role] != OK or name.startswith("admin:"):
                continue
            url = reverse(name, kwargs=kwargs_for(world) if kwargs_for else None)
            response = client.get(url)
            if "html" not in response.get("Content-Type", ""):
                continue
            for form_action, hx_post in POSTING.findall(response.content.decode()):
                target = urlsplit((form_action or hx_post or url).replace("&amp;", "&")).path
                try:
                    match = resolve(target)
                except Resolver404:
                    continue
                posted.setdefault(match.view_name, f"{role} on {url}")
    missing = {name: seen for name, seen in posted.items() if name not in WRITES and not name.startswith("admin:")}
    assert not missing, f"forms posting to URLs without a write rule: {missing}"


def test_every_row_names_every_role():
    incomplete = {name: sorted(set(ROLES) ^ set(expected)) for name, (_, expected) in MATRIX.items() if set(expected) != set(ROLES)}
    assert not incomplete, f"rows whose roles differ from {ROLES}: {incomplete}"


def test_every_view_declares_an_access_rule():
    undeclared = []
    for name in url_names():
        match = get_resolver().resolve(reverse(name, kwargs=_dummy_kwargs(name)))
        if not hasattr(match.func, "access_rule") and not hasattr(getattr(match.func, "view_class", None), "access_rule"):
            undeclared.append(name)
    assert not undeclared, f"views without a declared access rule: {undeclared}"


def _dummy_kwargs(name):
    """Placeholder arguments that satisfy the URL pattern's converters."""
    resolver = get_resolver()
    for namespace in name.split(":")[:-1]:
        resolver = resolver.namespace_dict[namespace][1]
    for possibility, _pattern, _defaults, converters in resolver.reverse_dict.getlist(name.split(":")[-1]):
        for _template, params in possibility:
            return {p: 1 if type(converters.get(p)).__name__ == "IntConverter" else "x" for p in params}
    return {}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url_name", sorted(MATRIX))
def test_matrix(world, client, url_name, role):
    kwargs_for, expected = MATRIX[url_name]
    url = reverse(url_name, kwargs=kwargs_for(world) if kwargs_for else None)
    response = world.client_for(client, role).get(url)
    assert response.status_code == expected[role], f"{role} GET {url}"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url_name", sorted(WRITES))
def test_write(world, client, url_name, role):
    write = WRITES[url_name]
    url = reverse(url_name, kwargs=write.kwargs(world) if write.kwargs else None)
    world.client_for(client, role)
    if write.prepare:
        write.prepare(world, client)
    before = write.state(world)
    response = client.post(url, write.data(world))
    expected = write.expected_status(role)
    assert response.status_code == expected, f"{role} POST {url}"
    to_sign_in = response.status_code == 302 and response.url.startswith(reverse(settings.LOGIN_URL))
    assert to_sign_in == write.sends_to_sign_in(role), f"{role} POST {url} -> {response.get('Location')}"
    if role in write.may:
        assert write.state(world) != before, f"{role} POST {url} answered {expected} but changed nothing"
    else:
        assert write.state(world) == before, f"{role} POST {url} was refused but changed something"
