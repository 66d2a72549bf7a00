from django.urls import path

from gongzhi.core import views_account as views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("otp/", views.OTPVerifyView.as_view(), name="otp-verify"),
    path("otp/setup/", views.OTPSetupView.as_view(), name="otp-setup"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", views.PasswordChangeDoneView.as_view(), name="password_change_done"),
]
