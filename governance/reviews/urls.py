from django.urls import path

from . import views

app_name = "reviews"

urlpatterns = [
    path("accounts/reviews/", views.reviews, name="reviews"),
    path("accounts/reviews/<int:pk>/close/", views.review_close, name="review-close"),
    path("accounts/reviews/periodic/", views.review_open_periodic, name="review-open-periodic"),
]
