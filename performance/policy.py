"""Who may see or enter community-strategy performance data and quarterly reports."""

from django.http import Http404

from partnerships.policy import body_policy, sees_everything
from partnerships.roles import is_staff

from .models import PerformanceReport, lead_body_id_of, led_by_q


class PerformancePolicy:
    """Community-strategy performance.

    - The public sees published quarters only (a public summary); members of any body,
      executives and staff see every quarter's data.
    - Quarterly report PDFs are for executives and staff only.
    - Measurements are entered by staff and by officers of the indicator's lead body (or its
      theme's lead body); staff publish quarters."""

    def sees_unpublished(self, user):
        if sees_everything(user):
            return True
        return bool(user.is_authenticated and body_policy.member_body_ids(user))

    def visible_periods(self, user, strategy):
        """None when every period is visible, otherwise the set of published periods."""
        if self.sees_unpublished(user):
            return None
        return frozenset(strategy.published_quarters.values_list("period", flat=True))

    def can_download_reports(self, user):
        return sees_everything(user)

    def visible_reports(self, user, queryset=None):
        """Quarterly reports the user may list, follow and download: all of them for executives
        and staff, none for anyone else (a report holds unpublished quarters' data)."""
        queryset = PerformanceReport.objects.all() if queryset is None else queryset
        return queryset if self.can_download_reports(user) else queryset.none()

    def can_publish_quarters(self, user):
        return is_staff(user)

    def can_enter_measurements(self, user, indicator):
        if is_staff(user):
            return True
        lead = lead_body_id_of(indicator.lead_body_id, indicator.outcome.theme.lead_body_id)
        return lead is not None and lead in (body_policy.managed_body_ids(user) or frozenset())

    def enterable_indicators(self, user, queryset):
        """The indicators of `queryset` whose measurements the user may enter."""
        if is_staff(user):
            return queryset
        managed = body_policy.managed_body_ids(user) or frozenset()
        return queryset.filter(led_by_q(managed))


performance_policy = PerformancePolicy()


def report_get_for_user(user, pk, queryset=None):
    """The quarterly report if the user may see it (performance_policy.visible_reports); 404
    otherwise, so that a forbidden report and a missing one look the same."""
    try:
        return performance_policy.visible_reports(user, queryset).get(pk=pk)
    except (PerformanceReport.DoesNotExist, ValueError):
        raise Http404("No such report.") from None
