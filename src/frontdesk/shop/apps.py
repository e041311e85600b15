from django.apps import AppConfig


class ShopConfig(AppConfig):
    name = "frontdesk.shop"
    label = "shop"
    verbose_name = "Shop"

    def ready(self) -> None:
        # The payments app tells the shop what the provider's signed webhooks said about the
        # payment of a checkout (purpose "shop.checkout"); see services.paying.
        from frontdesk.payments import handlers  # noqa: PLC0415 - apps are loaded by now
        from frontdesk.shop.services.paying import PURPOSE, payment_outcome  # noqa: PLC0415

        handlers.register(PURPOSE, payment_outcome)
