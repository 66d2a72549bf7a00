from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Open311Config(AppConfig):
    name = "gongzhi.open311"
    label = "open311"
    verbose_name = _("Open311 GeoReport v2")

    def ready(self):
        # Unavoidable here: its receivers import models, which exist only once apps load.
        from gongzhi.open311 import definitions  # noqa: F401  (connects its signals)
