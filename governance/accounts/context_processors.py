from django.conf import settings

from partnerships.roles import is_executive, is_staff


def portal(request):
    # A request refused before AuthenticationMiddleware ran (a bad Host header) has no user,
    # and its 400 page is rendered with this context all the same.
    user = getattr(request, "user", None)
    return {
        "portal_name": settings.PORTAL_NAME,
        "user_is_staff": is_staff(user),
        "user_is_executive": is_executive(user),
    }
