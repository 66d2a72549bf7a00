from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "gongzhi.org"
    label = "org"
    verbose_name = _("Organization")

    def ready(self):
        from gongzhi.core import actions  # in ready(): apps wire into core here
        from gongzhi.org import permits  # in ready(): models are loaded only now

        actions.register_authorizer(permits.may)
