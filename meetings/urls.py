"""Meetings URLs. Each view module keeps its own `urlpatterns` so that the staff, public,
member and attendance pages can grow independently."""

from .views import attendance, member, public, staff

app_name = "meetings"

urlpatterns = [*public.urlpatterns, *member.urlpatterns, *staff.urlpatterns, *attendance.urlpatterns]
