"""The payment service's personal data (see `frontdesk.core.declarations`).

A payment holds no personal data of its own: an amount, a currency, the caller's opaque
reference and the provider's opaque session id. The card is typed on the provider's page and
never reaches Frontdesk (FD-6); the customer's e-mail address is handed to the provider for its
receipt and not kept here. The caller (the shop) declares the data it sends, with
`PAYMENT_PROVIDER` as its recipient.
"""

from __future__ import annotations

from frontdesk.core.declarations import PersonalData, Recipient

PAYMENT_PROVIDER = Recipient(
    name="The card payment provider",
    role="processor",
    processor="cards",
    receives=(
        "the amount, an opaque order reference and the customer's e-mail address (for its "
        "receipt), only to take the payment; the card is typed on its own page and never "
        "reaches us"
    ),
)

DATA: list[PersonalData] = []
