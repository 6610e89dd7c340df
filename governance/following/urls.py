from django.urls import path

from . import views

app_name = "following"

urlpatterns = [
    path("structure/bodies/<slug:slug>/follow/", views.follow, name="follow"),
    path("follow/confirm/<str:token>/", views.follow_confirm, name="follow-confirm"),
    path("follow/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
