"""django.contrib.admin with the scoped site (core.admin_site). Its own module: INSTALLED_APPS
imports it before the models are ready, and the site needs them."""

from django.contrib.admin.apps import AdminConfig


class GongzhiAdminConfig(AdminConfig):
    default_site = "gongzhi.core.admin_site.ScopedAdminSite"
