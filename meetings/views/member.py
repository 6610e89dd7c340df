"""Meetings: member pages."""

urlpatterns = []
