from django.urls import path

from . import views

app_name = "governance"

urlpatterns = [
    path("", views.my_account, name="my-account"),
]
