"""The details an order needs, shared by a guest's cart (kept to pre-fill the next order form)
and by the order itself: the contact, the address the goods go to (only for physical goods),
and the billing address."""

from __future__ import annotations

from frontdesk.vault.fields import SealedCharField, SealedEmailField
from frontdesk.vault.sealed import SealedModel

# The address fields of one address, without the prefix ("shipping_" / "billing_").
ADDRESS_PARTS = ("name", "street", "postcode", "city", "country")
CONTACT_FIELDS = ("contact_name", "email", "phone")
SHIPPING_FIELDS = (*(f"shipping_{part}" for part in ADDRESS_PARTS), "shipping_phone")
BILLING_FIELDS = tuple(f"billing_{part}" for part in ADDRESS_PARTS)
DETAIL_FIELDS = CONTACT_FIELDS + SHIPPING_FIELDS + BILLING_FIELDS


class OrderDetailFields(SealedModel):
    """Contact, shipping and billing fields ("" when not given), sealed with the data key of
    the account they are about, or of the record itself for a guest (FD-2)."""

    VAULT_SUBJECT = "user"

    contact_name = SealedCharField(max_length=120, blank=True)
    email = SealedEmailField(max_length=254, blank=True)
    phone = SealedCharField(max_length=32, blank=True)
    shipping_name = SealedCharField(max_length=120, blank=True)
    shipping_street = SealedCharField(max_length=200, blank=True)
    shipping_postcode = SealedCharField(max_length=20, blank=True)
    shipping_city = SealedCharField(max_length=100, blank=True)
    shipping_country = SealedCharField(max_length=60, blank=True)
    shipping_phone = SealedCharField(max_length=32, blank=True)
    billing_name = SealedCharField(max_length=120, blank=True)
    billing_street = SealedCharField(max_length=200, blank=True)
    billing_postcode = SealedCharField(max_length=20, blank=True)
    billing_city = SealedCharField(max_length=100, blank=True)
    billing_country = SealedCharField(max_length=60, blank=True)

    class Meta:
        abstract = True
