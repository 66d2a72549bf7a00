from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _

from gongzhi.core import text


class CoreConfig(AppConfig):
    name = "gongzhi.core"
    label = "core"
    verbose_name = _("Core")

    def import_models(self) -> None:
        # Before any ready() (the admin's imports forms and their declared fields): the text
        # rule becomes a default validator of every form and serializer CharField.
        from gongzhi.core import text

        text.install_input_fields()
        super().import_models()

    def ready(self) -> None:
        # Unavoidable here: the receivers import models, which exist only once apps load.
        from gongzhi.core import signals  # noqa: F401

        # Every app's models are loaded before any ready(): one text rule for all of them.
        text.install(c for c in apps.get_app_configs() if c.name.startswith("gongzhi."))
