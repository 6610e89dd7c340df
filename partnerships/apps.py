from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "partnerships"
    verbose_name = "Partnership structure"

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import page_cache  # noqa: F401  (its signal receivers)
        from .permissions import ensure_role_groups

        post_migrate.connect(ensure_role_groups, sender=self)
        # Every write, whoever makes it, retires the cached public pages.
        page_cache.install()
