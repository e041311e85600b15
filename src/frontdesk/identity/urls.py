from django.urls import URLPattern, URLResolver, path

from frontdesk.identity.views import account, auth, otp

app_name = "identity"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", account.account_view, name="account"),
    path("login/", auth.login_view, name="login"),
    path("logout/", auth.logout_view, name="logout"),
    path("register/", auth.register_view, name="register"),
    path("unlock/<str:token>/", auth.unlock_view, name="unlock"),
    path("password/", account.password_change_view, name="password_change"),
    path("security/", account.security_view, name="security"),
    path("otp/setup/", otp.otp_setup_view, name="otp_setup"),
    path("otp/verify/", otp.otp_verify_view, name="otp_verify"),
    path("tokens/", account.token_create_view, name="token_create"),
    path("tokens/<int:token_id>/revoke/", account.token_revoke_view, name="token_revoke"),
]
