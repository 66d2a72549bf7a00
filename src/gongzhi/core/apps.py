from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "gongzhi.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.apps import apps

        from gongzhi.core import (
            signals,  # noqa: F401  (audit and auth-event receivers)
            text,
        )

        # Every app's models are loaded before any ready(): one text rule for all of them.
        text.install(c for c in apps.get_app_configs() if c.name.startswith("gongzhi."))
