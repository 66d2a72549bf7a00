"""API endpoints of core: token authentication for integrations (`/api/auth/token/`)."""

from django.conf import settings
from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.authentication import SessionScheme
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, permissions, serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from gongzhi.core import audit
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
    get the account's API token; DELETE revokes the token used. Both are audited. Failed
    attempts count towards the account lock-out (django-axes)."""

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
        from gongzhi.core.middleware import requires_second_factor

        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        django_request = request._request
        user = authenticate(
            request=django_request,
            username=data.validated_data["username"],
            password=data.validated_data["password"],
        )
        if getattr(django_request, "axes_locked_out", False):
            # Answer in JSON here rather than with the lock-out page of AxesMiddleware.
            django_request.axes_locked_out = False
            minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
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
        if requires_second_factor(user):
            from django_otp import match_token

            code = data.validated_data.get("otp_token", "")
            if not code or match_token(user, code) is None:
                audit.record(
                    AuditEntry.Action.LOGIN_FAILED,
                    user,
                    actor=user,
                    extra={"via": "api_token", "stage": "otp"},
                )
                raise exceptions.ValidationError(
                    {"otp_token": [_("Enter a valid one-time code from your authenticator.")]}
                )
        token, created = Token.objects.get_or_create(user=user)
        audit.record(
            AuditEntry.Action.LOGIN,
            user,
            actor=user,
            extra={"via": "api_token", "new_token": created},
        )
        return Response({"token": token.key, "user_id": user.pk, "username": user.get_username()})

    @extend_schema(request=None, responses={204: None})
    def delete(self, request):
        deleted, _rows = Token.objects.filter(user=request.user).delete()
        audit.record(
            AuditEntry.Action.LOGOUT,
            request.user,
            actor=request.user,
            extra={"via": "api_token", "revoked": bool(deleted)},
        )
        return Response(status=status.HTTP_204_NO_CONTENT)
