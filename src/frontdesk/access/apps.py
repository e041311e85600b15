from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "frontdesk.access"
    label = "access"
    verbose_name = "Access"
