from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "frontdesk.insights"
    label = "insights"
    verbose_name = "Shop insights: traffic, reports, partner figures, promotions"

    def ready(self) -> None:
        from frontdesk.insights import checks  # noqa: F401, PLC0415 - registers the checks

        # The shop's payments tell insights too when a checkout is paid or given up (purpose
        # "shop.checkout"), so a paid checkout's source is counted; see attribution.
        from frontdesk.insights.attribution import payment_outcome  # noqa: PLC0415
        from frontdesk.payments import handlers  # noqa: PLC0415 - apps are loaded by now
        from frontdesk.shop.services.paying import PURPOSE  # noqa: PLC0415

        handlers.register(PURPOSE, payment_outcome)
