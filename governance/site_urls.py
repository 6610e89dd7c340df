"""Governance pages mounted at the site root (terms of reference, health checks,
self-assessment, glossary, guide, following by email). Each subject's view module keeps its
own `urlpatterns`, added here."""

app_name = "gov"

urlpatterns = []
from . import views_health  # noqa: E402
urlpatterns += views_health.urlpatterns
from . import views_engagement  # noqa: E402
urlpatterns += views_engagement.urlpatterns
from . import views_terms  # noqa: E402
urlpatterns += views_terms.urlpatterns
