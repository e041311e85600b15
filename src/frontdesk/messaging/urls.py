"""Messaging URLs, mounted at the site root. None carries a phone number or an e-mail address
(QL-7): the public e-mail pages take opaque tokens."""

from django.urls import path

from frontdesk.messaging import email_views, views

app_name = "messaging"
urlpatterns = [
    path("hooks/sms/inbound", views.sms_inbound, name="sms_inbound"),
    path("unsubscribe/<str:token>/", email_views.unsubscribe_view, name="unsubscribe"),
    path("announcements/", email_views.announcements_join, name="announcements"),
    path(
        "announcements/confirm/<str:token>/",
        email_views.announcements_confirm,
        name="announcements_confirm",
    ),
]
