"""API permission and authentication classes. Kept apart from core.api: DRF imports them while
`rest_framework.views` is still loading, so this module must not import that module."""

from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions, permissions

from gongzhi.core import api_tokens
from gongzhi.core.acting import act_under
from gongzhi.core.middleware import requires_second_factor


class RolePermission(permissions.BasePermission):
    """Model permissions from the user's roles: view for reads, add/change/delete for writes.

    A view may name its own with `required_permission` (a string, or a dict by HTTP method).
    A view that names none and has no `queryset` is refused to everyone (fail closed): give it
    a `required_permission`, or other permission classes (IsAuthenticated, AllowAny)."""

    METHOD_ACTIONS = {
        "GET": "view",
        "HEAD": "view",
        "OPTIONS": "view",
        "POST": "add",
        "PUT": "change",
        "PATCH": "change",
        "DELETE": "delete",
    }

    @classmethod
    def required_for(cls, view, method: str) -> str | None:
        """The permission `view` requires for `method`; None when it declares none."""
        required = getattr(view, "required_permission", None)
        if isinstance(required, dict):
            return required.get(method.upper())
        if required is not None:
            return required
        model = getattr(getattr(view, "queryset", None), "model", None)
        if model is None:
            return None
        action = cls.METHOD_ACTIONS.get(method.upper(), "change")
        return f"{model._meta.app_label}.{action}_{model._meta.model_name}"

    def has_permission(self, request, view):
        user = request.user
        if not user or not user.is_authenticated:
            return False
        required = self.required_for(view, request.method)
        if required is None or not user.has_perm(required):
            return False
        act_under(user, required)  # and only where a role grants it (core.acting)
        return True


class OTPSessionAuthentication(authentication.SessionAuthentication):
    """The browser session, but only once it has passed the second factor where the user's
    roles require one (TwoFactorRequiredMiddleware leaves /api/ to the API's own checks)."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is None:
            return None
        user = result[0]

        is_verified = getattr(request._request.user, "is_verified", None)
        if requires_second_factor(user) and not (is_verified and is_verified()):
            return None
        return result


class HashedTokenAuthentication(authentication.TokenAuthentication):
    """`Authorization: Token <key>` against core.api_tokens (hashed, expiring, revoked by a
    password change) instead of DRF's plaintext authtoken table."""

    def authenticate_credentials(self, key):
        token = api_tokens.find(key)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        return (token.user, token)
