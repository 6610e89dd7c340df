"""Meetings: public pages."""

urlpatterns = []
