from django.apps import AppConfig


class VaultConfig(AppConfig):
    name = "frontdesk.vault"
    label = "vault"
    verbose_name = "Key vault"

    def ready(self) -> None:
        from frontdesk.vault import checks  # noqa: F401, PLC0415 - registers the checks
