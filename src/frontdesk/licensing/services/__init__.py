"""Writes of the customer area: setting up what is sold, partner purchases, downloads, and the
"Remember this Account" tokens. Each takes `actor=` where a person acts and audits in its
transaction."""

from frontdesk.licensing.services.catalogue import (
    partner_create,
    product_create,
    release_create,
    release_file_add,
)
from frontdesk.licensing.services.downloads import Served, download_serve
from frontdesk.licensing.services.purchases import (
    UnknownPartnerError,
    account_for_buyer,
    licence_issue,
    notification_receive,
    purchase_record,
)
from frontdesk.licensing.services.remember import remember_forget, remember_issue, remember_touch

__all__ = [
    "Served",
    "UnknownPartnerError",
    "account_for_buyer",
    "download_serve",
    "licence_issue",
    "notification_receive",
    "partner_create",
    "product_create",
    "purchase_record",
    "release_create",
    "release_file_add",
    "remember_forget",
    "remember_issue",
    "remember_touch",
]
