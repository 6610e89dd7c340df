from django.urls import path

from . import views

app_name = "health"

urlpatterns = [
    path("governance/health/", views.partnership_health_page, name="health"),
    path("structure/bodies/<slug:slug>/health/", views.body_health_page, name="body-health"),
]
