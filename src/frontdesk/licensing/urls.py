"""The customer resources area under /software/ (signed in, except its login page, the
welcome link and the cookie list), and the partners' purchase webhook under /licensing/."""

from django.urls import URLPattern, URLResolver, path

from frontdesk.licensing.views import area, auth, download, webhook

app_name = "licensing"

urlpatterns: list[URLPattern | URLResolver] = [
    path("software/", area.area_view, name="area"),
    path("software/login/", auth.login_view, name="login"),
    path("software/logout/", auth.logout_view, name="logout"),
    path("software/forget/", auth.forget_view, name="forget"),
    path("software/cookies/", area.cookies_view, name="cookies"),
    path("software/history/", area.history_view, name="history"),
    path("software/welcome/<str:uidb64>/<str:token>/", auth.welcome_view, name="welcome"),
    path(
        "software/licences/<int:licence_id>/files/<int:file_id>/download",
        area.link_view,
        name="link",
    ),
    path("software/download/<str:token>/", download.download_view, name="download"),
    path(
        "licensing/partners/<slug:partner_code>/purchases",
        webhook.purchases_webhook,
        name="purchases_webhook",
    ),
]
