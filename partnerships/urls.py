from django.urls import path

from . import views

app_name = "partnerships"

urlpatterns = [
    path("", views.home, name="home"),
    path("structure/", views.structure_chart, name="structure"),
    path("structure/bodies/<slug:slug>/", views.body_detail, name="body"),
    path("structure/bodies/<slug:slug>/members/add/", views.membership_add, name="membership-add"),
    path(
        "structure/bodies/<slug:slug>/members/<int:pk>/", views.membership_edit,
        name="membership-edit",
    ),
    path("structure/organisations/", views.organisation_list, name="organisations"),
    path("structure/organisations/<slug:slug>/", views.organisation_detail, name="organisation"),
    path("data/popolo.json", views.popolo_json, name="popolo"),
]
