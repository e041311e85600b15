from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "frontdesk.web"
    label = "web"
    verbose_name = "Public site and security baseline"

    def ready(self) -> None:
        from frontdesk.web import checks  # noqa: F401, PLC0415 - registers the system checks
