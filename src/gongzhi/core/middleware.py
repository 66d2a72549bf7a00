"""Request id, audit context, second factor for privileged roles, security headers."""

import ipaddress
import re
import uuid
from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from gongzhi.core.context import ActorContext, _current
from gongzhi.core.directory import roles_of
from gongzhi.core.passwords import password_expired

_REQUEST_ID = re.compile(r"^[A-Za-z0-9-]{8,64}$")


def client_ip(request) -> str | None:
    """The client's address. X-Forwarded-For is trusted only as far as GONGZHI_TRUSTED_PROXIES
    says: each trusted proxy appends the address it saw, so with N proxies the client is the
    Nth entry from the right; anything further left was written by the client and can be
    forged. With 0 (the default) the header is ignored. django-axes uses this function too."""
    proxies = getattr(settings, "GONGZHI_TRUSTED_PROXIES", 0)
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if proxies > 0 and forwarded:
        # Fewer entries than proxies: every entry came from a trusted proxy; take the oldest.
        candidate = forwarded[-min(proxies, len(forwarded))]
        if _is_ip(candidate):
            return candidate
    return request.META.get("REMOTE_ADDR") or None


def _is_ip(value: str) -> bool:
    # The audit column is an IP field (inet on PostgreSQL): never hand it a malformed value.
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request.request_id = (
            incoming.replace("-", "")[:32] if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        )
        response = self.get_response(request)
        response["X-Request-ID"] = request.request_id
        return response


class AuditContextMiddleware:
    """Makes the acting user, IP and request id available to the audit log."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # request.user is lazy: resolve it only when an entry is written.
        ctx = _LazyUserContext(request)
        token = _current.set(ctx)
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)


class _LazyUserContext(ActorContext):
    def __init__(self, request):
        object.__setattr__(self, "_request", request)
        object.__setattr__(self, "ip", client_ip(request))
        object.__setattr__(self, "request_id", getattr(request, "request_id", uuid.uuid4().hex))
        object.__setattr__(self, "source", "api" if request.path.startswith("/api/") else "web")

    @property
    def user(self):
        user = getattr(self._request, "user", None)
        return user if user is not None and user.is_authenticated else None


class TwoFactorRequiredMiddleware:
    """Users holding a role listed in GONGZHI_OTP_REQUIRED_ROLES must verify a TOTP code
    (django-otp) before any page but the log-in, set-up and log-out pages."""

    EXEMPT_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/public/", "/open311/", "/healthz")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(self.EXEMPT_PREFIXES)
            and not request.path.startswith("/api/")  # API uses tokens issued to integrations
            and not user.is_verified()
            and requires_second_factor(user)
        ):
            return redirect(_with_next("otp-verify", request))
        return self.get_response(request)


def _with_next(url_name: str, request) -> str:
    # The next URL is quoted: a raw "?a=1&b=2" would otherwise be cut at the "&".
    return reverse(url_name) + "?" + urlencode({"next": request.get_full_path()})


def requires_second_factor(user) -> bool:
    required = set(settings.GONGZHI_OTP_REQUIRED_ROLES)
    return bool(required & set(roles_of(user))) or (user.is_superuser and "superuser" in required)


class PasswordRotationMiddleware:
    """With GONGZHI_PASSWORD_MAX_AGE_DAYS > 0, a user whose password is older is sent to the
    password change page before anything else (the account pages stay reachable)."""

    EXEMPT_PREFIXES = TwoFactorRequiredMiddleware.EXEMPT_PREFIXES + ("/api/",)

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        max_age = getattr(settings, "GONGZHI_PASSWORD_MAX_AGE_DAYS", 0)
        if (
            max_age > 0
            and user is not None
            and user.is_authenticated
            and not request.path.startswith(self.EXEMPT_PREFIXES)
            and password_expired(user, max_age, timezone.now())
        ):
            return redirect(_with_next("password_change", request))
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """Content-Security-Policy (Django 5.2 has none built in) and no-store on every page a
    signed-in user sees, since those pages can show personal data."""

    CSP = (
        "default-src 'self'; img-src {img}; style-src 'self' 'unsafe-inline'; "
        "script-src 'self'; connect-src 'self'; font-src 'self' data:; object-src 'none'; "
        "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )

    def __init__(self, get_response):
        self.get_response = get_response
        tiles = getattr(settings, "GONGZHI_MAP_TILE_HOSTS", "")
        if isinstance(tiles, (list, tuple)):
            tiles = " ".join(tiles)
        img = " ".join(["'self'", "data:", "blob:", *tiles.split()])
        self.csp = self.CSP.format(img=img)

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(("/api/docs", "/admin/")):
            # Swagger UI and the admin use inline scripts.
            response.setdefault(
                "Content-Security-Policy",
                self.csp.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'"),
            )
        else:
            response.setdefault("Content-Security-Policy", self.csp)
        response.setdefault(
            "Permissions-Policy", "camera=(self), geolocation=(self), microphone=()"
        )
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not request.path.startswith("/static/"):
            # Overrides any caching header: a shared or back-button cache must not keep
            # personal data.
            response["Cache-Control"] = "no-store, private"
            response["Pragma"] = "no-cache"
        return response


class DefaultLanguageMiddleware:
    """Simplified Chinese unless the user chose otherwise (language cookie set by the switch).

    Django's LocaleMiddleware would follow the browser's Accept-Language, so a clerk whose
    browser happens to be set to English would get English pages. Staff screens, printouts
    and help must match what colleagues see, so only an explicit choice changes the language.
    Runs before LocaleMiddleware and drops the header it would read.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
