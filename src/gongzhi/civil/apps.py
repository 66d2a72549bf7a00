from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CivilConfig(AppConfig):
    name = "gongzhi.civil"
    label = "civil"
    verbose_name = _("civil")

    def ready(self):
        # Unavoidable here: the time bank's receiver of signals.hours_recorded imports
        # models, which exist only once apps load.
        from gongzhi.civil.actions import timebank  # noqa: F401  (connects its receiver)
