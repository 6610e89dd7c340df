"""Performance URLs. Each view module keeps its own `urlpatterns`."""

from .views import dashboard, entry, reports

app_name = "performance"

urlpatterns = [*dashboard.urlpatterns, *entry.urlpatterns, *reports.urlpatterns]
