from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from governance.accounts.forms import EmailLoginForm
from governance.accounts.password_reset import PasswordResetConfirmView, PasswordResetView
from meetings.views.public import home
from partnerships import urls as partnerships_urls
from partnerships.access import public, signed_in

# A database that cannot be reached answers 503 (config/errors.py), other errors the 500 page.
handler500 = "config.errors.server_error"

admin.site.site_header = "Partnership portal administration"
admin.site.site_title = "Partnership portal"

auth_urls = [
    path(
        "login/",
        public(auth_views.LoginView.as_view(authentication_form=EmailLoginForm)),
        name="login",
    ),
    path("logout/", public(auth_views.LogoutView.as_view()), name="logout"),
    path(
        "password-change/", signed_in(auth_views.PasswordChangeView.as_view()),
        name="password_change",
    ),
    path(
        "password-change/done/", signed_in(auth_views.PasswordChangeDoneView.as_view()),
        name="password_change_done",
    ),
    path("password-reset/", public(PasswordResetView.as_view()), name="password_reset"),
    path(
        "password-reset/sent/", public(auth_views.PasswordResetDoneView.as_view()),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/", public(PasswordResetConfirmView.as_view()),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/", public(auth_views.PasswordResetCompleteView.as_view()),
        name="password_reset_complete",
    ),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include(auth_urls)),
    path("performance/", include("performance.urls")),
    path("", include("governance.urls")),
    path("", include("meetings.urls")),
    # The home page lists the next meetings and the newest minutes, so its view lives in meetings
    # (partnerships, the bottom layer, may not import it); it keeps its name, partnerships:home.
    path("", include(([path("", home, name="home"), *partnerships_urls.urlpatterns], partnerships_urls.app_name))),
]
