from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = "Governance"

    def ready(self):
        import config.guard  # noqa: F401  (registers the deploy check)

        from . import signals  # noqa: F401  (opens attendance reviews when a register changes)
        from .audit import history  # noqa: F401  (registers the history of the tracked models)
