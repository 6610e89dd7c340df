from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("governance/audit/", views.audit, name="audit"),
]
