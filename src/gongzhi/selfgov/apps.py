from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelfgovConfig(AppConfig):
    name = "gongzhi.selfgov"
    label = "selfgov"
    verbose_name = _("Self-government")
    default_auto_field = "django.db.models.BigAutoField"
