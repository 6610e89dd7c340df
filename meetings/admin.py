"""Admin for the meeting cycle: for looking things up and mending data. The portal's own pages
(meetings/views/meeting.py, agenda.py, minutes.py) are where clerks work; they go through services and their rules.
Approved minutes stay read-only here too, and papers are uploaded on the agenda page, where
their type and size are checked."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from .models import (
    Action,
    AgendaItem,
    AttendanceRule,
    Decision,
    Declaration,
    Guest,
    Meeting,
    MinuteEntry,
    Minutes,
    Paper,
    QuorumRule,
    RegisteredInterest,
)
from .services import paper_type_label


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    fk_name = "meeting"
    extra = 0
    fields = ["position", "title", "presenter", "purpose", "confidential", "exempt_reason"]
    ordering = ["position"]
    show_change_link = True


class GuestInline(admin.TabularInline):
    model = Guest
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["starts_at", "body", "display_title", "kind", "status", "public", "agenda_published_at"]
    list_filter = ["status", "kind", "public", "body"]
    list_select_related = ["body"]
    search_fields = ["title", "venue", "body__name"]
    date_hierarchy = "starts_at"
    autocomplete_fields = ["body"]
    filter_horizontal = ["joint_with"]
    inlines = [AgendaItemInline, GuestInline]
    readonly_fields = ["agenda_published_at", "created_at"]

    @admin.display(description="Title")
    def display_title(self, meeting):
        return meeting.display_title


class PaperInline(admin.TabularInline):
    model = Paper
    extra = 0
    can_delete = False
    fields = ["title", "download", "file_type", "size", "published_at", "uploaded_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description="File")
    def download(self, paper):
        # Through the permission-checking view: papers have no public URL.
        return format_html('<a href="{}">{}</a>', reverse("meetings:paper", kwargs={"pk": paper.pk}), paper.original_name)

    @admin.display(description="Type")
    def file_type(self, paper):
        return paper_type_label(paper)


@admin.register(AgendaItem)
class AgendaItemAdmin(admin.ModelAdmin):
    list_display = ["__str__", "meeting", "purpose", "confidential"]
    list_filter = ["purpose", "confidential"]
    list_select_related = ["meeting__body"]
    search_fields = ["title", "presenter", "meeting__body__name"]
    raw_id_fields = ["meeting"]
    inlines = [PaperInline]


class LockedWhenApproved:
    """Inlines of a minutes version: read-only once the version is approved (its text is
    immutable; corrections are new versions)."""

    extra = 0

    def _locked(self, obj):
        return obj is not None and obj.is_locked

    def has_add_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_delete_permission(request, obj)


class MinuteEntryInline(LockedWhenApproved, admin.StackedInline):
    model = MinuteEntry
    raw_id_fields = ["item"]


class DecisionInline(LockedWhenApproved, admin.TabularInline):
    model = Decision
    raw_id_fields = ["item"]


@admin.register(Minutes)
class MinutesAdmin(admin.ModelAdmin):
    list_display = ["meeting", "version", "status", "approved_on", "published_at", "publish_at"]
    list_filter = ["status"]
    list_select_related = ["meeting__body"]
    search_fields = ["meeting__body__name", "entries__text"]
    raw_id_fields = ["meeting", "approved_at_meeting", "supersedes"]
    readonly_fields = ["created_at", "created_by"]
    inlines = [MinuteEntryInline, DecisionInline]

    def has_change_permission(self, request, obj=None):
        return not (obj is not None and obj.is_locked) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not (obj is not None and obj.is_locked) and super().has_delete_permission(request, obj)


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ["text", "meeting", "owner", "due", "status"]
    list_filter = ["status"]
    list_editable = ["status"]
    list_select_related = ["meeting__body", "owner"]
    search_fields = ["text", "owner__name"]
    raw_id_fields = ["meeting", "item", "owner"]


@admin.register(RegisteredInterest)
class RegisteredInterestAdmin(admin.ModelAdmin):
    list_display = ["person", "category", "description", "registered_on", "ended_on"]
    list_filter = ["category"]
    list_select_related = ["person"]
    search_fields = ["person__name", "description"]
    raw_id_fields = ["person"]


@admin.register(Declaration)
class DeclarationAdmin(admin.ModelAdmin):
    list_display = ["person", "item", "nature", "left_the_room"]
    list_filter = ["nature", "left_the_room"]
    list_select_related = ["person", "item__meeting__body"]
    search_fields = ["person__name", "description", "item__title"]
    raw_id_fields = ["item", "person", "interest"]


@admin.register(QuorumRule)
class QuorumRuleAdmin(admin.ModelAdmin):
    list_display = ["body", "fraction", "minimum", "deputies_count"]
    list_select_related = ["body"]
    autocomplete_fields = ["body"]


@admin.register(AttendanceRule)
class AttendanceRuleAdmin(admin.ModelAdmin):
    list_display = ["body", "window", "minimum", "deputy_counts", "apologies_count"]
    list_select_related = ["body"]
    autocomplete_fields = ["body"]


@admin.register(Guest)
class GuestAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "role", "meeting"]
    list_select_related = ["meeting__body"]
    search_fields = ["name", "organisation"]
    raw_id_fields = ["meeting"]
