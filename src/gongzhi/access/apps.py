from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    name = "gongzhi.access"
    label = "access"
    verbose_name = _("Community-affairs access")
    default_auto_field = "django.db.models.BigAutoField"
