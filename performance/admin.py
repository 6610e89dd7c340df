"""Admin for setting up a community strategy: themes, outcomes, indicators with their targets
and milestones, risks. Measurements are entered and corrected on the portal's data-entry page
(performance/services.py keeps every correction's old value), so here they are read-only, as
are published quarters and reports."""

from django.contrib import admin

from .models import (
    CommunityStrategy,
    Indicator,
    Measurement,
    MeasurementCorrection,
    Milestone,
    Outcome,
    PerformanceReport,
    PublishedQuarter,
    Risk,
    Target,
    Theme,
)


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ThemeInline(admin.TabularInline):
    model = Theme
    extra = 0
    fields = ["position", "name", "slug", "lead_body"]
    autocomplete_fields = ["lead_body"]
    show_change_link = True


class PublishedQuarterInline(ReadOnlyMixin, admin.TabularInline):
    model = PublishedQuarter
    extra = 0
    fields = ["period", "published_at", "published_by"]
    readonly_fields = fields


@admin.register(CommunityStrategy)
class CommunityStrategyAdmin(admin.ModelAdmin):
    list_display = ["name", "partnership", "period_start", "period_end", "amber_tolerance", "risk_amber_from", "risk_red_from"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["partnership"]
    filter_horizontal = ["report_recipients"]
    inlines = [ThemeInline, PublishedQuarterInline]


class OutcomeInline(admin.TabularInline):
    model = Outcome
    extra = 0
    fields = ["position", "title"]
    show_change_link = True


class ThemeRiskInline(admin.TabularInline):
    model = Risk
    fk_name = "theme"
    extra = 0
    fields = ["description", "likelihood", "impact", "owner", "review_date"]
    autocomplete_fields = ["owner"]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "strategy", "lead_body", "position"]
    list_filter = ["strategy"]
    list_select_related = ["strategy", "lead_body"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["lead_body"]
    inlines = [OutcomeInline, ThemeRiskInline]


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0
    fields = ["code", "name", "unit", "direction"]
    show_change_link = True


class OutcomeRiskInline(ThemeRiskInline):
    fk_name = "outcome"


@admin.register(Outcome)
class OutcomeAdmin(admin.ModelAdmin):
    list_display = ["title", "theme", "position"]
    list_filter = ["theme__strategy", "theme"]
    list_select_related = ["theme"]
    search_fields = ["title"]
    inlines = [IndicatorInline, OutcomeRiskInline]


class TargetInline(admin.TabularInline):
    model = Target
    extra = 1


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 1


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "outcome", "direction", "baseline_value", "lead_body"]
    list_filter = ["direction", "outcome__theme__strategy", "outcome__theme"]
    list_select_related = ["outcome", "lead_body"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["lead_body", "lead_organisation"]
    inlines = [TargetInline, MilestoneInline]


class CorrectionInline(ReadOnlyMixin, admin.TabularInline):
    model = MeasurementCorrection
    extra = 0
    fields = ["previous_value", "previous_note", "previously_entered_by", "previously_entered_at", "corrected_by", "corrected_at"]
    readonly_fields = fields


@admin.register(Measurement)
class MeasurementAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["indicator", "period", "value", "entered_by", "entered_at"]
    list_filter = ["period", "indicator__outcome__theme"]
    list_select_related = ["indicator", "entered_by"]
    search_fields = ["indicator__code", "note"]
    inlines = [CorrectionInline]


@admin.register(Risk)
class RiskAdmin(admin.ModelAdmin):
    list_display = ["description", "theme", "outcome", "likelihood", "impact", "score", "review_date"]
    list_filter = ["theme", "outcome__theme"]
    list_select_related = ["theme", "outcome"]
    search_fields = ["description", "mitigation"]
    autocomplete_fields = ["owner"]
    readonly_fields = ["score"]


@admin.register(PerformanceReport)
class PerformanceReportAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["strategy", "period", "status", "requested_by", "requested_at", "finished_at"]
    list_filter = ["status", "strategy"]
    list_select_related = ["strategy", "requested_by"]
