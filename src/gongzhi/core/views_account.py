"""Log-in, second factor (TOTP) and password pages. The log-in and log-out views are
Django's; the lock-out page is rendered by django-axes (AXES_LOCKOUT_TEMPLATE)."""

import django_otp
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.generic import FormView

from gongzhi.core import audit, otp
from gongzhi.core.forms import LoginForm, OTPCodeForm
from gongzhi.core.models import AuditEntry
from gongzhi.core.views_base import RoleRequiredMixin


class LoginView(auth_views.LoginView):
    public = True
    form_class = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    public = True  # POST only (Django 5); anyone may end their own session


class PasswordChangeView(RoleRequiredMixin, auth_views.PasswordChangeView):
    permission_required = ()  # any signed-in user, for their own password
    # Not registration/…: django.contrib.admin ships templates under those names.
    template_name = "core/password_change_form.html"

    def get_context_data(self, **kwargs):
        # Sent here by PasswordRotationMiddleware (with ?next=): say why.
        return super().get_context_data(
            next=_safe_next(self.request), expired="next" in self.request.GET, **kwargs
        )

    def form_valid(self, form):
        response = super().form_valid(form)
        audit.record(
            AuditEntry.Action.OTHER, self.request.user, extra={"event": "password_changed"}
        )
        nxt = _safe_next(self.request)
        return redirect(nxt) if nxt else response


class PasswordChangeDoneView(RoleRequiredMixin, auth_views.PasswordChangeDoneView):
    permission_required = ()
    template_name = "core/password_change_done.html"


def _safe_next(request) -> str:
    nxt = request.POST.get("next") or request.GET.get("next") or ""
    ok = url_has_allowed_host_and_scheme(
        nxt, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return nxt if ok else ""


class _OTPFormView(RoleRequiredMixin, FormView):
    permission_required = ()  # any signed-in user: this is how they become verified
    form_class = OTPCodeForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(next=_safe_next(self.request), **kwargs)

    def done(self):
        return redirect(_safe_next(self.request) or reverse("home"))


class OTPVerifyView(_OTPFormView):
    """Enter the current code of the user's confirmed TOTP device."""

    template_name = "core/otp_verify.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and otp.confirmed_device(request.user) is None:
            # Nothing to verify against yet: set a device up first.
            query = urlencode({"next": _safe_next(request)}) if _safe_next(request) else ""
            return redirect(reverse("otp-setup") + (f"?{query}" if query else ""))
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        device = otp.confirmed_device(self.request.user)
        if not device.verify_token(form.cleaned_data["code"]):
            audit.record(AuditEntry.Action.LOGIN_FAILED, self.request.user, extra={"stage": "otp"})
            form.add_error("code", _("The code is wrong or has expired. Try the newest code."))
            return self.form_invalid(form)
        django_otp.login(self.request, device)
        return self.done()


class OTPSetupView(_OTPFormView):
    """Create a pending TOTP device, show its QR code and secret, confirm it with a code."""

    template_name = "core/otp_setup.html"

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and otp.confirmed_device(user) and not user.is_verified():
            # Replacing a device needs the old one: a stolen password alone must not do it.
            return redirect("otp-verify")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        device = otp.setup_device(self.request.user)
        return super().get_context_data(
            qr_svg=otp.qr_svg(device),
            secret=otp.secret_b32(device),
            otpauth_url=device.config_url,
            **kwargs,
        )

    def form_valid(self, form):
        device = otp.setup_device(self.request.user)
        if not device.verify_token(form.cleaned_data["code"]):
            form.add_error("code", _("The code is wrong or has expired. Try the newest code."))
            return self.form_invalid(form)
        otp.confirm(device)
        django_otp.login(self.request, device)
        audit.record(AuditEntry.Action.OTHER, self.request.user, extra={"event": "otp_setup"})
        messages.success(self.request, _("Two-step verification is set up."))
        return self.done()
