from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "partnerships"
    verbose_name = "Partnership structure"

    def ready(self):
        from . import page_cache

        page_cache.install()
