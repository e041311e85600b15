from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "frontdesk.messaging"
    label = "messaging"
    verbose_name = "Messaging (SMS, e-mail)"

    def ready(self) -> None:
        from frontdesk.messaging import checks  # noqa: F401, PLC0415 - registers the checks
