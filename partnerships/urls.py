from django.urls import path

from . import manage_views, views

app_name = "partnerships"

urlpatterns = [
    # "" (partnerships:home) is added in config/urls.py: its view is meetings.views.public.home.
    path("structure/", views.structure_chart, name="structure"),
    path("structure/chart.svg", views.structure_chart_svg, name="structure-svg"),
    path("structure/bodies/add/", manage_views.body_add, name="body-add"),
    path("structure/bodies/<slug:slug>/", views.body_detail, name="body"),
    path("structure/bodies/<slug:slug>/edit/", manage_views.body_edit, name="body-edit"),
    path("structure/bodies/<slug:slug>/move/", manage_views.body_move, name="body-move"),
    path("structure/bodies/<slug:slug>/dissolve/", manage_views.body_dissolve, name="body-dissolve"),
    path("structure/bodies/<slug:slug>/delete/", manage_views.body_delete, name="body-delete"),
    path("structure/bodies/<slug:slug>/members/add/", views.membership_add, name="membership-add"),
    path(
        "structure/bodies/<slug:slug>/members/<int:pk>/", views.membership_edit,
        name="membership-edit",
    ),
    path("structure/organisations/", views.organisation_list, name="organisations"),
    path("structure/organisations/add/", manage_views.organisation_add, name="organisation-add"),
    path("structure/organisations/<slug:slug>/", views.organisation_detail, name="organisation"),
    path("structure/organisations/<slug:slug>/edit/", manage_views.organisation_edit, name="organisation-edit"),
    path("structure/people/", manage_views.people, name="people"),
    path("structure/people/add/", manage_views.person_add, name="person-add"),
    path("structure/people/<slug:slug>/", manage_views.person_edit, name="person-edit"),
    path("structure/people/<slug:slug>/invite/", manage_views.person_invite, name="person-invite"),
    path("structure/people/<slug:slug>/revoke/", manage_views.person_revoke, name="person-revoke"),
    path("data/popolo.json", views.popolo_json, name="popolo"),
]
