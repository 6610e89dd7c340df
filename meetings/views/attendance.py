"""Meetings: attendance pages."""

urlpatterns = []
