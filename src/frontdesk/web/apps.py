from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "frontdesk.web"
    label = "web"
    verbose_name = "Public site and security baseline"
