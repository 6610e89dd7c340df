from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = "Meetings"

    def ready(self):
        # Models are loaded only now, so the selectors are imported here rather than at the top.
        from partnerships.body_page import register_section

        from . import signals  # noqa: F401  (declares the signals the apps above listen to)
        from .selectors import recent_outcomes_for_body

        @register_section
        def recent_outcomes(*, user, body):
            """The body page's "Outcomes from recent meetings" (seed 003)."""
            return {"recent_outcomes": recent_outcomes_for_body(user, body)}
