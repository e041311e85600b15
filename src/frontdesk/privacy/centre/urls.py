"""The privacy centre's pages: the person's own under /account/privacy/ (behind sign-in and
the account gate), the public reinstatement form and the staff queue under /privacy/. URLs
carry numeric ids and opaque tokens only, never an e-mail address or phone number (QL-7)."""

from django.urls import URLPattern, URLResolver, path

from frontdesk.privacy.centre import (
    views_account,
    views_download,
    views_preferences,
    views_public,
    views_staff,
)

app_name = "centre"
urlpatterns: list[URLPattern | URLResolver] = [
    path("account/privacy/", views_account.index, name="index"),
    path("account/privacy/profile/", views_account.profile, name="profile"),
    path("account/privacy/preferences/", views_preferences.preferences, name="preferences"),
    path("account/privacy/correction/", views_account.correction, name="correction"),
    path("account/privacy/erasure/", views_account.erasure, name="erasure"),
    path("account/privacy/deactivate/", views_account.deactivate, name="deactivate"),
    path("account/privacy/download/", views_download.download, name="download"),
    path(
        "account/privacy/download/<int:request_id>/",
        views_download.download_verify,
        name="download_verify",
    ),
    path("account/privacy/export/<str:token>/", views_download.export_page, name="export"),
    path(
        "account/privacy/export/<str:token>/data.json",
        views_download.export_json,
        name="export_json",
    ),
    path("privacy/reinstatement/", views_public.reinstatement, name="reinstatement"),
    path("privacy/staff/requests/", views_staff.queue, name="staff_queue"),
    path("privacy/staff/requests/<int:request_id>/", views_staff.detail, name="staff_request"),
    path("privacy/staff/requests/<int:request_id>/start/", views_staff.start, name="staff_start"),
    path(
        "privacy/staff/requests/<int:request_id>/done/",
        views_staff.complete,
        name="staff_complete",
    ),
    path(
        "privacy/staff/requests/<int:request_id>/refuse/",
        views_staff.refuse,
        name="staff_refuse",
    ),
]
