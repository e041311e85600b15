from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "frontdesk.support"
    label = "support"
    verbose_name = "Support and feedback"
