from django.urls import path

from . import review_views, views

app_name = "governance"

urlpatterns = [
    path("", views.my_account, name="my-account"),
    path("reviews/", review_views.reviews, name="reviews"),
    path("reviews/<int:pk>/close/", review_views.review_close, name="review-close"),
    path("reviews/periodic/", review_views.review_open_periodic, name="review-open-periodic"),
]
