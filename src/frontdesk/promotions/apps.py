from django.apps import AppConfig


class PromotionsConfig(AppConfig):
    name = "frontdesk.promotions"
    label = "promotions"
    verbose_name = "Promotions"

    def ready(self) -> None:
        # Licensing sits below promotions: it is told here that a terminated promotional
        # account is on hold (no downloads) until reinstated.
        from frontdesk.licensing.holds import hold_check_register  # noqa: PLC0415
        from frontdesk.promotions.selectors import terminated_hold  # noqa: PLC0415

        hold_check_register(terminated_hold)
