from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "frontdesk.privacy"
    label = "privacy"
    verbose_name = "Privacy"
