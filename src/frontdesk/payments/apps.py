from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "frontdesk.payments"
    label = "payments"
    verbose_name = "Payments"

    def ready(self) -> None:
        from frontdesk.payments import checks  # noqa: F401, PLC0415 - registers the checks
