from django.urls import path

from . import views

app_name = "assessment"

urlpatterns = [
    path("self-assessment/", views.self_assessment, name="self-assessment"),
    path("self-assessment/open/", views.assessment_open, name="assessment-open"),
    path("self-assessment/bodies/<slug:slug>/", views.assessment_list, name="assessments"),
    path("self-assessment/<int:pk>/", views.assessment_detail, name="assessment"),
    path("self-assessment/<int:pk>/score/", views.assessment_score, name="assessment-score"),
    path("self-assessment/<int:pk>/evidence/", views.assessment_evidence, name="assessment-evidence"),
    path("self-assessment/<int:pk>/close/", views.assessment_close, name="assessment-close"),
    path("self-assessment/<int:pk>/self-assessment.pdf", views.assessment_pdf, name="assessment-pdf"),
    path("self-assessment/proposals/", views.proposal_list, name="proposals"),
    path("self-assessment/proposals/add/", views.proposal_add, name="proposal-add"),
    path("self-assessment/proposals/<int:pk>/", views.proposal_edit, name="proposal-edit"),
    path("self-assessment/proposals/<int:pk>/status/", views.proposal_status, name="proposal-status"),
]
