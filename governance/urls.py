"""Governance pages, one URL namespace per sub-package (the paths are each sub-package's own)."""

from django.urls import include, path

SUBDOMAINS = ["accounts", "reviews", "health", "guide", "assessment", "glossary", "following", "terms", "audit"]

urlpatterns = [path("", include(f"governance.{name}.urls")) for name in SUBDOMAINS]
