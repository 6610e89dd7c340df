"""Structure administration for partnership staff, in the portal's own pages: bodies (create,
edit, move, dissolve, delete one made by mistake), organisations and people (with their
invitation to sign in). Every write goes through partnerships.services."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from . import selectors, services
from .access import staff_only
from .forms import (
    BodyForm,
    DissolveBodyForm,
    MoveBodyForm,
    OrganisationForm,
    PersonForm,
    add_service_errors,
    posted,
)
from .models import Body, Organisation, Person
from .policy import body_get_for_user


def _page(request, form, *, title, caption, submit, cancel, intro="", danger=False, extra=None):
    return render(request, "partnerships/manage/form.html", {
        "form": form, "title": title, "caption": caption, "submit": submit, "cancel": cancel,
        "intro": intro, "danger": danger, **(extra or {}),
    })


def _saved(request, form, write, message):
    """Run a service with the form's data; on success say so and return the written object."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = write(form.cleaned_data)
    except ValidationError as error:
        add_service_errors(form, error)
        return None
    messages.success(request, message(result))
    return result


@staff_only
def body_add(request):
    parent = Body.objects.filter(slug=request.GET.get("parent") or "").first()
    form = BodyForm(posted(request), initial={"parent": parent})

    def write(data):
        fields = {k: v for k, v in data.items() if k not in ("name", "kind", "parent")}
        return services.create_body(name=data["name"], kind=data["kind"], parent=data["parent"], **fields)

    body = _saved(request, form, write, lambda b: f"Added {b} to the structure.")
    if body:
        return redirect(body)
    return _page(request, form, title="Add a body", caption="Structure", submit="Add the body",
                 cancel=reverse("partnerships:structure"))


@staff_only
def body_edit(request, slug):
    body = body_get_for_user(request.user, slug)
    form = BodyForm(posted(request), instance=Body.objects.get(pk=body.pk))
    saved = _saved(request, form, lambda data: services.update_body(body, **data), lambda b: f"Saved {b}.")
    if saved:
        return redirect(saved)
    return _page(request, form, title=f"Edit {body}", caption=body.name, submit="Save", cancel=body.get_absolute_url(),
                 intro="Its web address stays the same if you rename it, so links to it keep working.")


@staff_only
def body_move(request, slug):
    body = body_get_for_user(request.user, slug)
    form = MoveBodyForm(posted(request), body=body)
    moved = _saved(
        request, form, lambda data: services.move_body(body=body, target=data["target"], on=data["on"]),
        lambda b: f"Moved {b}; the structure before {form.cleaned_data['on']:%-d %B %Y} still shows it where it was.",
    )
    if moved:
        return redirect(moved)
    where = f"It is part of {body.parent}." if body.parent else "It is at the top of the structure."
    return _page(request, form, title=f"Move {body}", caption=body.name, submit="Move the body",
                 cancel=body.get_absolute_url(), intro=f"{where} The bodies under it move with it.")


@staff_only
def body_dissolve(request, slug):
    body = body_get_for_user(request.user, slug)
    if body.dissolved:
        messages.error(request, f"{body} was already dissolved on {body.dissolved:%-d %B %Y}.")
        return redirect(body)
    form = DissolveBodyForm(posted(request), body=body)
    dissolved = _saved(
        request, form, lambda data: services.dissolve_body(body=body, **data),
        lambda b: f"Dissolved {b} from {b.dissolved:%-d %B %Y}; its seats ended the day before.",
    )
    if dissolved:
        return redirect(dissolved)
    children = list(body.get_children().filter(dissolved__isnull=True))
    intro = "Its history is kept: its members, meetings and minutes stay on record."
    if children:
        intro += f" Bodies under it: {', '.join(c.name for c in children)}; choose where they go."
    return _page(request, form, title=f"Dissolve {body}", caption=body.name, submit="Dissolve the body",
                 cancel=body.get_absolute_url(), intro=intro, danger=True)


@staff_only
def body_delete(request, slug):
    body = body_get_for_user(request.user, slug)
    if request.method == "POST":
        try:
            services.delete_body(body)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(body)
        messages.success(request, f"Deleted {body}.")
        return redirect("partnerships:structure")
    return render(request, "partnerships/manage/delete.html", {"body": body})


@staff_only
def organisation_add(request):
    return _organisation_form(request, Organisation())


@staff_only
def organisation_edit(request, slug):
    return _organisation_form(request, selectors.organisation_get_or_404(slug))


def _organisation_form(request, organisation):
    form = OrganisationForm(posted(request), instance=organisation)
    saved = _saved(request, form, lambda data: services.save_organisation(organisation, **data), lambda o: f"Saved {o}.")
    if saved:
        return redirect(saved)
    title = f"Edit {organisation}" if organisation.pk else "Add an organisation"
    return _page(request, form, title=title, caption="Organisations", submit="Save",
                 cancel=reverse("partnerships:organisations"))


@staff_only
def people(request):
    return render(request, "partnerships/manage/people.html", {"people": selectors.people_list()})


@staff_only
def person_add(request):
    return _person_form(request, Person())


@staff_only
def person_edit(request, slug):
    return _person_form(request, selectors.person_get_or_404(slug))


def _person_form(request, person):
    form = PersonForm(posted(request), instance=person)
    saved = _saved(request, form, lambda data: services.save_person(person, **data), lambda p: f"Saved {p}.")
    if saved:
        return redirect("partnerships:person-edit", slug=saved.slug)
    title = f"{person}" if person.pk else "Add a person"
    return render(request, "partnerships/manage/person.html", {"form": form, "person": person, "title": title})


@staff_only
@require_POST
def person_invite(request, slug):
    person = selectors.person_get_or_404(slug)

    def link(uidb64, token):
        return request.build_absolute_uri(reverse("password_reset_confirm", kwargs={"uidb64": uidb64, "token": token}))

    try:
        services.invite_to_sign_in(person=person, set_password_url=link)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Invited {person} to sign in: an e-mail with a link to set a password is on its way to {person.user.email}.")
    return redirect("partnerships:person-edit", slug=person.slug)


@staff_only
@require_POST
def person_revoke(request, slug):
    person = selectors.person_get_or_404(slug)
    try:
        services.revoke_sign_in(person=person)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{person} can no longer sign in.")
    return redirect("partnerships:person-edit", slug=person.slug)
