from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "gongzhi.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from gongzhi.core import signals  # noqa: F401  (audit and auth-event receivers)
