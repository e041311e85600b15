from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "frontdesk.identity"
    label = "identity"
    verbose_name = "Identity"
