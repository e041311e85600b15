from django.apps import AppConfig


class MisuseConfig(AppConfig):
    name = "frontdesk.misuse"
    label = "misuse"
    verbose_name = "Misuse detection"

    def ready(self) -> None:
        # Licensing sits below misuse: it is told here that a misuse hold refuses downloads.
        from frontdesk.licensing.holds import hold_check_register  # noqa: PLC0415
        from frontdesk.misuse.selectors import misuse_hold  # noqa: PLC0415

        hold_check_register(misuse_hold)
