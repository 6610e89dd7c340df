"""Meetings URLs. Each view module keeps its own `urlpatterns` so that the public, member,
meeting, agenda, minutes and attendance pages can grow independently."""

from .views import agenda, attendance, meeting, member, minutes, public

app_name = "meetings"

urlpatterns = [
    *public.urlpatterns, *member.urlpatterns, *meeting.urlpatterns, *agenda.urlpatterns, *minutes.urlpatterns,
    *attendance.urlpatterns,
]
