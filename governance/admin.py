"""Governance records staff see in the admin: the glossary (the jargon buster), which they edit,
the evaluation framework (read only: reference data from seed 002) and followers of bodies.

Partnership staff are not given model permissions on these (partnerships/permissions.py grants
the structure's): being staff (partnerships/roles.py) is what counts here, as on the portal's pages."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from partnerships.roles import is_staff

from .assessment.models import Criterion, Question
from .following.models import Subscription
from .glossary.models import GlossaryTerm
from .health.models import KindStandard
from .terms.models import TermsOfReference


class StaffEdit:
    def has_module_permission(self, request):
        return is_staff(request.user)

    def has_view_permission(self, request, obj=None):
        return is_staff(request.user)

    def has_add_permission(self, request, *args):
        return is_staff(request.user)

    def has_change_permission(self, request, obj=None):
        return is_staff(request.user)

    def has_delete_permission(self, request, obj=None):
        return is_staff(request.user)


class StaffReadOnly(StaffEdit):
    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(StaffEdit, admin.ModelAdmin):
    list_display = ["term", "expansion", "source", "updated_at"]
    search_fields = ["term", "expansion", "explanation"]
    ordering = ["term"]


class QuestionInline(StaffReadOnly, admin.TabularInline):
    model = Question
    extra = 0
    fields = ["position", "heading", "text"]


@admin.register(Criterion)
class CriterionAdmin(StaffReadOnly, admin.ModelAdmin):
    """Seed 002's framework is reference data that governance/assessment/services.py keeps as written."""

    list_display = ["number", "name"]
    inlines = [QuestionInline]


@admin.register(Subscription)
class SubscriptionAdmin(StaffEdit, admin.ModelAdmin):
    """Staff can look a follower up and end a subscription (someone asks by phone), but never
    add or confirm one: only the address's owner confirms, from the emailed link."""

    list_display = ["email", "body", "created_at", "confirmed_at", "unsubscribed_at", "last_digest_at"]
    list_filter = ["body"]
    search_fields = ["email"]
    readonly_fields = ["email", "body", "created_at", "confirmation_sent_at", "confirmed_at", "last_digest_at"]
    fields = [*readonly_fields, "unsubscribed_at"]

    def has_add_permission(self, request, *args):
        return False


# The governance health check's norms per kind of body (seed 004), which staff may adjust.


@admin.register(KindStandard)
class KindStandardAdmin(StaffEdit, admin.ModelAdmin):
    list_display = ["kind", "size_min", "size_max", "meetings_per_year_min", "meetings_per_year_max", "expects_deputies"]
    ordering = ["kind"]


@admin.register(TermsOfReference)
class TermsOfReferenceAdmin(SimpleHistoryAdmin):
    """Read-only, with each version's history: versions are drafted and approved on the portal's
    pages, which keep approved text unchanged and one draft at a time."""

    list_display = ["body", "version", "kind", "status", "approved_on", "review_due"]
    list_filter = ["kind", "status"]
    search_fields = ["body__name", "concept"]
    list_select_related = ["body"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
