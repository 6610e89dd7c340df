from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "partnerships"
    verbose_name = "Partnership structure"

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import signals  # noqa: F401  (body permissions follow memberships)
        from .permissions import ensure_role_groups

        post_migrate.connect(ensure_role_groups, sender=self)
