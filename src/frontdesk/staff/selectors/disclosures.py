"""Reads for the record of disclosures (QM-16): the organisation's, newest first, and the
person a new one is about."""

from __future__ import annotations

from django.db.models import QuerySet

from frontdesk.access.models import Organisation
from frontdesk.identity.models import User
from frontdesk.identity.selectors import user_by_email
from frontdesk.staff.models import Disclosure


def disclosures_of(organisation: Organisation) -> QuerySet[Disclosure]:
    """The organisation's disclosures, the latest disclosed first, with who recorded each."""
    return Disclosure.objects.filter(organisation=organisation).select_related("recorded_by")


def disclosure_subject(value: str) -> User | None:
    """The account a disclosure is about, given its e-mail address or its number."""
    value = value.strip()
    if value.isdigit():
        return User.objects.filter(pk=int(value)).first()
    return user_by_email(value)
