"""API endpoints of core: token authentication for integrations (`/api/auth/token/`)."""

from django.conf import settings
from django.contrib.auth import authenticate, user_login_failed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import match_token
from drf_spectacular.authentication import SessionScheme
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, permissions, serializers, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from gongzhi.core import api_tokens, audit
from gongzhi.core.middleware import requires_second_factor
from gongzhi.core.models import AuditEntry


class OTPSessionScheme(SessionScheme):
    """OpenAPI description of core.api_permissions.OTPSessionAuthentication (the session)."""

    target_class = "gongzhi.core.api_permissions.OTPSessionAuthentication"


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(label=gettext_lazy("username"))
    password = serializers.CharField(
        label=gettext_lazy("password"), style={"input_type": "password"}, trim_whitespace=False
    )
    otp_token = serializers.CharField(
        label=gettext_lazy("one-time code"),
        required=False,
        allow_blank=True,
        help_text=gettext_lazy("Required for accounts whose role needs a second factor."),
    )


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField()
    user_id = serializers.IntegerField()
    username = serializers.CharField()


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


class TokenView(APIView):
    """POST username and password (and the one-time code where the user's role needs one) to
    get a new API token (core.api_tokens: hashed, expiring); DELETE revokes the account's
    tokens. Both are audited. Failed attempts, a wrong one-time code included, count towards
    the lock-out (django-axes) and get the same answer as a wrong password."""

    def get_permissions(self):
        if self.request is not None and self.request.method == "POST":
            return [permissions.AllowAny()]
        return [permissions.IsAuthenticated()]

    def get_authenticators(self):
        request = getattr(self, "request", None)
        if request is not None and request.method == "POST":
            # Credentials are in the body: no session (and so no CSRF) involved.
            return []
        return super().get_authenticators()

    @extend_schema(
        request=TokenRequestSerializer,
        responses={
            200: TokenResponseSerializer,
            400: OpenApiResponse(description="Missing fields or wrong credentials."),
            429: OpenApiResponse(ErrorSerializer, description="The account is locked out."),
        },
        auth=[],
    )
    def post(self, request):
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        django_request = request._request
        user = authenticate(
            request=django_request,
            username=data.validated_data["username"],
            password=data.validated_data["password"],
        )
        if user is not None and user.is_active and requires_second_factor(user):
            code = data.validated_data.get("otp_token", "")
            if not code or match_token(user, code) is None:
                # A failed log-in like a wrong password: counted by axes, audited, and
                # answered the same, so the answer does not tell the password was right.
                user_login_failed.send(
                    sender=__name__,
                    credentials={"username": user.get_username(), "stage": "otp"},
                    request=django_request,
                )
                user = None
        if getattr(django_request, "axes_locked_out", False):
            # Answer in JSON here rather than with the lock-out page of AxesMiddleware.
            django_request.axes_locked_out = False
            minutes = getattr(django_request, "gongzhi_throttled", None) or int(
                settings.AXES_COOLOFF_TIME.total_seconds() // 60
            )
            return Response(
                {
                    "detail": _(
                        "Too many failed log-ins: this account is locked for %(minutes)d minutes."
                    )
                    % {"minutes": minutes}
                },
                status=status.HTTP_429_TOO_MANY_REQUESTS,
            )
        if user is None or not user.is_active:
            raise exceptions.ValidationError(
                {api_settings.NON_FIELD_ERRORS_KEY: [_("Wrong username or password.")]}
            )
        key = api_tokens.issue(user)
        audit.record(
            AuditEntry.Action.LOGIN,
            user,
            actor=user,
            extra={"via": "api_token"},
        )
        return Response({"token": key, "user_id": user.pk, "username": user.get_username()})

    @extend_schema(request=None, responses={204: None})
    def delete(self, request):
        deleted = api_tokens.revoke_all(request.user)
        audit.record(
            AuditEntry.Action.LOGOUT,
            request.user,
            actor=request.user,
            extra={"via": "api_token", "revoked": bool(deleted)},
        )
        return Response(status=status.HTTP_204_NO_CONTENT)
