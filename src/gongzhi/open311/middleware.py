"""A lean middleware stack for /open311/.

Open311 clients are other servers and apps: they send no cookies and authenticate a POST
by its api_key, so the browser machinery of the full stack (sessions, CSRF, the user and
its second factor, password rotation, messages, log-in lockout) has nothing to do for
them, yet costs CPU on every request. `Open311Middleware` stands first in
settings.MIDDLEWARE and sends /open311/ requests through `LEAN_MIDDLEWARE` only — the
request id, the security headers (HSTS, SSL redirect, nosniff, CSP, frame options) and the
language — and every other request down the full stack unchanged. The audit context
(who, from where, which request) is set by the Open311 views themselves.
"""

from django.core.exceptions import ImproperlyConfigured
from django.core.handlers.base import BaseHandler
from django.core.handlers.exception import convert_exception_to_response
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from gongzhi.core.hostile_input import HostileInputMiddleware
from gongzhi.open311.views import error_response

PREFIX = "/open311/"

LEAN_MIDDLEWARE = [
    "gongzhi.core.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "gongzhi.core.middleware.DefaultLanguageMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "gongzhi.core.middleware.SecurityHeadersMiddleware",
    "gongzhi.open311.middleware.Open311HostileInputMiddleware",
]


class Open311HostileInputMiddleware(HostileInputMiddleware):
    """NUL characters and overlong numbers refused as the spec's error list (core.hostile_input)."""

    def refuse(self, request, name, message, code=""):
        fmt = "xml" if request.path_info.endswith(".xml") else "json"
        return error_response(fmt, 400, f"{name}: {message}")

    def not_found(self, request):
        fmt = "xml" if request.path_info.endswith(".xml") else "json"
        return error_response(fmt, 404, _("No such request."))


class _LeanHandler(BaseHandler):
    """Django's request handling (URL resolving, the view, error pages) behind a given
    middleware list instead of settings.MIDDLEWARE (synchronous only, like the site)."""

    def __init__(self, middleware: list[str]):
        self._view_middleware = []
        self._template_response_middleware = []
        self._exception_middleware = []
        handler = convert_exception_to_response(self._get_response)
        for path in reversed(middleware):
            instance = import_string(path)(handler)
            if instance is None:
                raise ImproperlyConfigured(f"Middleware factory {path} returned None.")
            if hasattr(instance, "process_view"):
                self._view_middleware.insert(0, instance.process_view)
            if hasattr(instance, "process_template_response"):
                self._template_response_middleware.append(instance.process_template_response)
            if hasattr(instance, "process_exception"):
                self._exception_middleware.append(instance.process_exception)
            handler = convert_exception_to_response(instance)
        self._middleware_chain = handler


class Open311Middleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.lean = _LeanHandler(LEAN_MIDDLEWARE)._middleware_chain

    def __call__(self, request):
        if request.path_info.startswith(PREFIX):
            response = self.lean(request)
            if response.status_code == 404 and response["Content-Type"].startswith("text/html"):
                # No route matched (e.g. services/no-such-code.json): the spec's error list.
                fmt = "xml" if request.path_info.endswith(".xml") else "json"
                return error_response(fmt, 404, _("No such resource."))
            return response
        return self.get_response(request)
