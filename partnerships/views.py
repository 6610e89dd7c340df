from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from . import chart_svg, popolo, selectors, services
from .access import object_policy, public
from .forms import MembershipForm
from .models import Membership
from .page_cache import anonymous_page, public_data
from .policy import body_get_for_manager, body_get_for_user, body_policy


def _as_at(request):
    on, error = selectors.parse_on_date(request.GET.get("on"))
    if error:
        messages.warning(request, error)
    return on


@public
@anonymous_page
def structure_chart(request):
    on = _as_at(request)
    roots, drawing = _chart_drawing(request, on)
    context = {
        "on": on,
        "entries": selectors.chart_entries(roots),
        "drawing": drawing, "on_query": bool(request.GET.get("on")), "branch_url": reverse("partnerships:structure"),
        "can_administer": body_policy.can_administer_structure(request.user),
    }
    template = "partnerships/_chart.html" if request.htmx else "partnerships/structure.html"
    return render(request, template, context)


def _chart_drawing(request, on):
    """The SVG chart's drawing for this request: ?branch=slug draws one branch, ?depth=N
    collapses below that depth (a large partnership collapses on its own)."""
    roots = selectors.structure_chart(user=request.user, on=on)
    depth = request.GET.get("depth", "")
    drawing = chart_svg.draw(
        roots, branch=request.GET.get("branch") or None, depth=int(depth) if depth.isdigit() else None,
    )
    return roots, chart_svg.add_links(drawing, chart_svg.chart_links([box.body for box in drawing.boxes]))


@public
def structure_chart_svg(request):
    on, error = selectors.parse_on_date(request.GET.get("on"))
    if error:
        return HttpResponseBadRequest(error.replace("; showing today instead", ""), content_type="text/plain")
    _roots, drawing = _chart_drawing(request, on)
    context = {"drawing": drawing, "on": on, "on_query": bool(request.GET.get("on")),
               "branch_url": reverse("partnerships:structure-svg")}
    return render(request, "partnerships/chart.svg", context, content_type="image/svg+xml; charset=utf-8")


@public
@anonymous_page
def body_detail(request, slug):
    body = body_get_for_user(request.user, slug)
    on = _as_at(request)
    context = {
        "body": body,
        "on": on,
        "exists": body.exists_on(on),
        "can_manage": body_policy.can_manage(request.user, body),
        "can_administer": body_policy.can_administer_structure(request.user),
        **selectors.body_page(user=request.user, body=body, on=on),
    }
    return render(request, "partnerships/body.html", context)


@public
@anonymous_page
def organisation_list(request):
    on = _as_at(request)
    return render(
        request, "partnerships/organisation_list.html",
        {"on": on, "organisations": selectors.organisation_list(user=request.user, on=on),
         "can_administer": body_policy.can_administer_structure(request.user)},
    )


@public
@anonymous_page
def organisation_detail(request, slug):
    organisation = selectors.organisation_get_or_404(slug)
    on = _as_at(request)
    context = {
        "organisation": organisation,
        "on": on,
        "seats": selectors.organisation_seats(user=request.user, organisation=organisation, on=on),
        "can_administer": body_policy.can_administer_structure(request.user),
    }
    return render(request, "partnerships/organisation.html", context)


@object_policy
def membership_add(request, slug):
    body = body_get_for_manager(request.user, slug)
    if body.dissolved:
        messages.error(request, f"{body} was dissolved on {body.dissolved:%-d %B %Y}: it has no seats to fill.")
        return redirect(body)
    return _membership_form(request, body, Membership())


@object_policy
def membership_edit(request, slug, pk):
    body = body_get_for_manager(request.user, slug)
    membership = body.memberships.filter(pk=pk).first()
    if membership is None:
        raise Http404("No such membership.")
    return _membership_form(request, body, membership)


def _membership_form(request, body, membership):
    form = MembershipForm(request.POST or None, instance=membership, body=body)
    if request.method == "POST" and form.is_valid() and membership.pk and not form.has_changed():
        messages.info(request, f"Nothing changed in {membership.person}'s seat on {body}.")
        return redirect(body)
    if request.method == "POST" and form.is_valid():
        try:
            fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
            if membership.pk:
                services.update_membership(membership, **fields)
            else:
                services.add_membership(body=body, **fields)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Saved {form.cleaned_data['person']}'s seat on {body}.")
            return redirect(body)
    return render(
        request, "partnerships/membership_form.html",
        {"form": form, "body": body, "membership": membership},
    )


@public
@public_data
def popolo_json(request):
    on = None
    if request.GET.get("on"):
        on, error = selectors.parse_on_date(request.GET["on"])
        if error:
            return JsonResponse({"error": error.replace("; showing today instead", "")}, status=400)
    return JsonResponse(popolo.export(user=request.user, on=on))
