from django.urls import path

from . import views

app_name = "terms"

urlpatterns = [
    path("structure/bodies/<slug:slug>/terms/", views.terms, name="terms"),
    path("structure/bodies/<slug:slug>/terms/diff/", views.terms_diff, name="terms-diff"),
    path("structure/bodies/<slug:slug>/terms/new/", views.terms_new, name="terms-new"),
    path("structure/bodies/<slug:slug>/terms/v<int:version>/", views.terms_version, name="terms-version"),
    path("structure/bodies/<slug:slug>/terms/v<int:version>/edit/", views.terms_edit, name="terms-edit"),
    path("structure/bodies/<slug:slug>/terms/v<int:version>/approve/", views.terms_approve, name="terms-approve"),
]
