from django.shortcuts import render

from partnerships.access import signed_in
from partnerships.models import Membership
from partnerships.roles import role_names


@signed_in
def my_account(request):
    memberships = (
        Membership.objects.filter(person__user=request.user)
        .select_related("body", "organisation", "designated_deputy")
        .order_by("-end", "body__name")
    )
    return render(
        request, "governance/accounts/my_account.html",
        {"memberships": memberships, "roles": role_names(request.user)},
    )
