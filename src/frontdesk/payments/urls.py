"""Payment URLs, mounted at /payments/."""

from django.urls import path

from frontdesk.payments import views

app_name = "payments"
urlpatterns = [
    path("webhooks/<slug:provider>/", views.webhook, name="webhook"),
]
