from django.conf import settings

from partnerships.roles import is_executive, is_staff


def portal(request):
    user = request.user
    return {
        "portal_name": settings.PORTAL_NAME,
        "user_is_staff": is_staff(user),
        "user_is_executive": is_executive(user),
    }
