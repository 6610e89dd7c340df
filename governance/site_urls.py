"""Governance pages mounted at the site root (terms of reference, health checks,
self-assessment, glossary, guide, following by email). Each subject's view module keeps its
own `urlpatterns`, added here."""

app_name = "gov"

urlpatterns = []
