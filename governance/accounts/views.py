from django.shortcuts import render
from django.utils import timezone

from meetings.todo import officer_todo
from partnerships.access import signed_in
from partnerships.models import Membership, Role
from partnerships.roles import role_names

# How My account names a seat's role ("Officer of ...", not "Officer or support of ...").
ROLE_TITLES = {Role.OFFICER: "Officer"}


def seat_roles(memberships, on):
    """The roles the user holds on `on` through their seats ("Chair of X", "Officer of Y"), in
    the order of `memberships`, each once."""
    names = []
    for membership in memberships:
        if membership.is_active_on(on):
            title = ROLE_TITLES.get(membership.role, membership.get_role_display())
            name = f"{title} of {membership.body.name}"
            if name not in names:
                names.append(name)
    return names


@signed_in
def my_account(request):
    memberships = list(
        Membership.objects.filter(person__user=request.user)
        .select_related("body", "organisation", "designated_deputy")
        .order_by("-end", "body__name")
    )
    today = timezone.localdate()
    current = sorted(
        (m for m in memberships if m.is_active_on(today)), key=lambda m: (m.role != Role.OFFICER, m.body.name)
    )
    return render(
        request, "governance/accounts/my_account.html",
        {
            "memberships": memberships,
            "roles": role_names(request.user) + seat_roles(current, today),
            "todo": officer_todo(request.user),
        },
    )
