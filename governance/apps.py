from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = "Governance"

    def ready(self):
        from django.db.models.signals import post_migrate

        import config.guard  # noqa: F401  (registers the deploy check)

        from . import audit, signals  # noqa: F401  (audit registers the history of tracked models)
        from .services import ensure_role_groups

        post_migrate.connect(ensure_role_groups, sender=self)
