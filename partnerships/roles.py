"""Who a user is to the partnership: the roles the policy reasons about.

public (anonymous), member (of a body), body officer (guardian object permission), executive
(the Executives group), staff (Django staff), admin (superuser).
"""

EXECUTIVES_GROUP = "Executives"
STAFF_GROUP = "Partnership staff"


def is_admin(user):
    return bool(user and user.is_authenticated and user.is_active and user.is_superuser)


def is_staff(user):
    return bool(user and user.is_authenticated and user.is_active and (user.is_staff or user.is_superuser))


def is_executive(user):
    if not (user and user.is_authenticated and user.is_active):
        return False
    cached = getattr(user, "_portal_is_executive", None)
    if cached is None:
        cached = user.groups.filter(name=EXECUTIVES_GROUP).exists()
        user._portal_is_executive = cached
    return cached


def role_names(user):
    """Readable names of the user's partnership-wide roles, for the header and account page."""
    names = []
    if is_admin(user):
        names.append("Administrator")
    if is_staff(user):
        names.append("Partnership staff")
    if is_executive(user):
        names.append("Executive")
    return names
