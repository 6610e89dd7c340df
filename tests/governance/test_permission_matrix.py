"""Every URL name x every role, generated from the URL conf: a new view without a row here
fails the suite (Zulip's check_has_permission_policies does the same for its roles)."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from .conftest import ROLES, matrix_modules

OK, LOGIN, HIDDEN, POST_ONLY = 200, 302, 404, 405


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
        {"anonymous": HIDDEN, "member": OK, "officer": OK, "executive": OK, "staff": OK, "admin": OK},
    ),
    "partnerships:membership-add": (
        private_body_kwargs,
        {"anonymous": LOGIN, "member": HIDDEN, "officer": OK, "executive": HIDDEN, "staff": OK, "admin": OK},
    ),
    "partnerships:membership-edit": (
        lambda w: {"slug": w.private_body.slug, "pk": w.membership.pk},
        {"anonymous": LOGIN, "member": HIDDEN, "officer": OK, "executive": HIDDEN, "staff": OK, "admin": OK},
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
for _module in matrix_modules():
    MATRIX.update(_module.ROWS)


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
