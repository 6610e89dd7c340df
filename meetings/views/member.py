"""Meetings: member pages."""

from django.shortcuts import render
from django.urls import path

from partnerships.access import signed_in

from .. import selectors


@signed_in
def my_meetings(request):
    user = request.user
    return render(request, "meetings/member/my_meetings.html", {
        "seats": list(selectors.my_bodies(user)),
        "upcoming": selectors.my_upcoming_meetings(user),
        "minutes_to_read": selectors.my_minutes_to_read(user),
        "actions": list(selectors.my_actions(user)),
        "attendance": selectors.my_attendance(user),
    })


urlpatterns = [
    path("accounts/meetings/", my_meetings, name="my-meetings"),
]
