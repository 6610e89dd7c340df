from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils import timezone
from django.utils.html import format_html
from mptt.admin import DraggableMPTTAdmin, TreeRelatedFieldListFilter

from . import services
from .models import Body, BodyLink, Membership, Organisation, Person

# The Content Security Policy refuses style="" attributes, with which mptt indents the tree (the
# changelist's titles, the "by body" filter): a class per depth instead, indented by
# admin-extra/body-tree.css, which defines the classes up to this depth (deeper rows share it).
TREE_CSS = "admin-extra/body-tree.css"
TREE_CSS_DEPTH = 20


def tree_level_class(level):
    return f"tree-level tree-level-{min(level, TREE_CSS_DEPTH)}"


class BodyTreeFilter(TreeRelatedFieldListFilter):
    """mptt's "by body" filter, indenting by class rather than a style attribute."""

    def field_choices(self, field, request, model_admin):
        levels = dict(field.related_model._default_manager.values_list("pk", "level"))
        return [
            (pk, label, format_html(' class="{}"', tree_level_class(levels.get(pk, 0))))
            for pk, label in field.get_choices(include_blank=False)
        ]


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "body"
    extra = 1
    autocomplete_fields = ["person", "organisation", "designated_deputy"]
    fields = ["person", "organisation", "role", "seat", "voting", "start", "end", "designated_deputy"]


class LinkOutInline(admin.TabularInline):
    model = BodyLink
    fk_name = "from_body"
    extra = 0
    autocomplete_fields = ["to_body"]
    verbose_name = "link to another body"
    verbose_name_plural = "links to other bodies"


class ActiveListFilter(admin.SimpleListFilter):
    title = "status today"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("current", "Current"), ("ended", "Ended or dissolved")]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        field = "dissolved" if queryset.model is Body else "end"
        if self.value() == "current":
            return queryset.filter(**{f"{field}__isnull": True}) | queryset.filter(**{f"{field}__gt": today})
        if self.value() == "ended":
            return queryset.filter(**{f"{field}__lte": today})
        return queryset


@admin.register(Body)
class BodyAdmin(DraggableMPTTAdmin):
    list_display = ["tree_actions", "indented_title", "kind", "layer", "public", "established", "dissolved"]
    list_display_links = ["indented_title"]
    list_filter = ["kind", "layer", "public", ActiveListFilter]
    search_fields = ["name", "purpose"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["successors"]
    inlines = [MembershipInline, LinkOutInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "layer", "parent", "public"]}),
        ("Purpose and roles", {"fields": ["purpose", "roles"]}),
        ("Size and meetings", {"fields": ["size_min", "size_max", "meets_every_months"]}),
        ("History", {"fields": ["established", "dissolved", "successors"]}),
    ]

    class Media:
        css = {"all": [TREE_CSS]}

    @admin.display(description="title")
    def indented_title(self, item):
        return format_html('<div class="{}">{}</div>', tree_level_class(item.level), item)

    # The admin cannot go round the services: a body's place is dated history (move_body) and
    # dissolving ends its seats (dissolve_body), so those fields are read-only here and every
    # save or drag and drop goes through partnerships.services.
    def get_readonly_fields(self, request, obj=None):
        return ["slug", "parent", "dissolved"] if obj is not None else ["dissolved"]

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj is not None else self.prepopulated_fields

    def save_model(self, request, obj, form, change):
        fields = {name: form.cleaned_data[name] for name in form.changed_data
                  if name in form.cleaned_data and name not in ("successors", "dissolved")}
        if change:
            services.update_body(Body.objects.get(pk=obj.pk), **fields)
        else:
            fields.pop("name", None), fields.pop("kind", None), fields.pop("parent", None)
            obj.pk = services.create_body(name=obj.name, kind=obj.kind, parent=obj.parent, **fields).pk
        obj.refresh_from_db()

    def _move_node(self, request):
        queryset = self.get_queryset(request)
        try:
            body = queryset.get(pk=request.POST.get("cut_item"))
            target = queryset.get(pk=request.POST.get("pasted_on"))
        except (Body.DoesNotExist, TypeError, ValueError):
            self.message_user(request, "The bodies have disappeared: reload the page and try again.", level=messages.ERROR)
            return HttpResponse("FAIL, invalid objects.")
        if not self.has_change_permission(request, body):
            return HttpResponse("FAIL, no permission.")
        try:
            services.move_body(body=body, target=target, position=request.POST.get("position"))
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), level=messages.ERROR)
            return HttpResponse("FAIL, invalid move.")
        self.message_user(request, f"{body} has been moved; its earlier place stays in the structure's history.")
        return HttpResponse("OK, moved.")

    def save_formset(self, request, form, formset, change):
        for row in formset.save(commit=False):
            save_through_services(row)
        for row in formset.deleted_objects:
            remove_through_services(row)
        formset.save_m2m()

    def delete_model(self, request, obj):
        try:
            services.delete_body(obj)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), level=messages.ERROR)

    def delete_queryset(self, request, queryset):
        for body in queryset:
            self.delete_model(request, body)


class SavedThroughServices:
    """Saves go through partnerships.services, as the portal's own pages do (their rules and
    their audit trail); a slug is made once from the name and then stays, so links keep working."""

    def get_readonly_fields(self, request, obj=None):
        keeps_its_slug = obj is not None and any(f.name == "slug" for f in self.model._meta.fields)
        return [*super().get_readonly_fields(request, obj), *(["slug"] if keeps_its_slug else [])]

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj is not None else super().get_prepopulated_fields(request, obj)

    def save_model(self, request, obj, form, change):
        saved = save_through_services(obj)
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        remove_through_services(obj)

    def delete_queryset(self, request, queryset):
        for row in queryset:
            remove_through_services(row)


def remove_through_services(instance):
    """The service that removes this kind of row: seats entered by mistake and cross-links.
    Organisations and people are protected by their seats; removing one with none is plain."""
    if isinstance(instance, Membership):
        return services.remove_membership(instance)
    if isinstance(instance, BodyLink):
        return services.remove_link(instance)
    instance.delete()


def save_through_services(instance):
    """The service that writes this kind of row, given a row the admin's form has filled in
    (and so already validated with full_clean)."""
    if isinstance(instance, Membership):
        if instance.pk:
            return services.update_membership(instance)
        fields = {f.name: getattr(instance, f.name) for f in Membership._meta.concrete_fields if f.name != "id"}
        return services.add_membership(**fields)
    if isinstance(instance, Organisation):
        return services.save_organisation(instance)
    if isinstance(instance, Person):
        return services.save_person(instance)
    if isinstance(instance, BodyLink):
        return services.save_link(instance)
    raise TypeError(f"no service saves {type(instance).__name__}")


@admin.register(Organisation)
class OrganisationAdmin(SavedThroughServices, admin.ModelAdmin):
    list_display = ["name", "sector", "tier"]
    list_filter = ["sector", "tier"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Person)
class PersonAdmin(SavedThroughServices, admin.ModelAdmin):
    list_display = ["name", "email", "user"]
    search_fields = ["name", "email"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]


@admin.register(Membership)
class MembershipAdmin(SavedThroughServices, admin.ModelAdmin):
    list_display = ["person", "body", "role", "seat", "organisation", "start", "end", "designated_deputy"]
    list_filter = ["role", "voting", ActiveListFilter, ("body", BodyTreeFilter), "organisation__sector"]
    search_fields = ["person__name", "seat", "body__name", "organisation__name"]
    autocomplete_fields = ["person", "body", "organisation", "designated_deputy"]
    list_select_related = ["person", "body", "organisation", "designated_deputy"]
    date_hierarchy = "start"

    class Media:
        css = {"all": [TREE_CSS]}


@admin.register(BodyLink)
class BodyLinkAdmin(SavedThroughServices, admin.ModelAdmin):
    list_display = ["from_body", "kind", "to_body"]
    list_filter = ["kind"]
    search_fields = ["from_body__name", "to_body__name"]
    autocomplete_fields = ["from_body", "to_body"]
    list_select_related = ["from_body", "to_body"]
