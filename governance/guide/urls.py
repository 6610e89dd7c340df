from django.urls import path

from . import views

app_name = "guide"

urlpatterns = [
    path("how-it-works/", views.guide, name="guide"),
]
