"""The role groups and the model permissions partnership staff administer the structure with.
Body access follows the seats themselves (partnerships/policy.py), not rows written here."""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from .roles import EXECUTIVES_GROUP, STAFF_GROUP

# Staff administer the structure in the admin; these model permissions are what it checks.
STAFF_MODEL_PERMISSIONS = {
    "partnerships": ["body", "organisation", "person", "membership", "bodylink"],
}


def ensure_role_groups(**kwargs):
    """Create the Executives and Partnership staff groups (after every migrate)."""
    Group.objects.get_or_create(name=EXECUTIVES_GROUP)
    staff, _ = Group.objects.get_or_create(name=STAFF_GROUP)
    wanted = Q()
    for app_label, models in STAFF_MODEL_PERMISSIONS.items():
        wanted |= Q(content_type__app_label=app_label, content_type__model__in=models)
    staff.permissions.add(*Permission.objects.filter(wanted))
