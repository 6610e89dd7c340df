"""Meetings: staff pages."""

urlpatterns = []
