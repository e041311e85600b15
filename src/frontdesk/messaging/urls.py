"""Messaging URLs, mounted at the site root. None carries a phone number (QL-7)."""

from django.urls import path

from frontdesk.messaging import views

app_name = "messaging"
urlpatterns = [
    path("hooks/sms/inbound", views.sms_inbound, name="sms_inbound"),
    path("staff/outbox/", views.outbox, name="outbox"),
]
