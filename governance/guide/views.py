"""The public "How this partnership works" guide."""

from django.shortcuts import render

from partnerships.access import public

from .selectors import partnership_guide


@public
def guide(request):
    return render(request, "governance/guide/guide.html", partnership_guide(user=request.user))
