"""The queue service's personal data (see `frontdesk.core.declarations`)."""

from __future__ import annotations

from frontdesk.core.declarations import (
    Basis,
    Erasure,
    NotPersonal,
    PersonalData,
    Retention,
)
from frontdesk.messaging.privacy import SMS_PROVIDER

DATA = [
    PersonalData(
        model="queues.Ticket",
        fields=("name",),
        category="contact.name",
        purpose="Calling the customer to the desk when it is their turn.",
        basis=Basis.LEGITIMATE_INTERESTS,
        retention=Retention(
            starts="the visit ends",
            days=30,
            setting="FRONTDESK_RETENTION_TICKET_DAYS",
            clock="ended_at",
        ),
        erasure=Erasure.ANONYMISE,
        subject="user",
    ),
    PersonalData(
        model="queues.Ticket",
        fields=("phone",),
        category="contact.phone",
        purpose="Texting the customer when it is their turn, only if they asked for it.",
        basis=Basis.CONSENT,
        recipients=(SMS_PROVIDER,),
        retention=Retention(starts="the visit ends", days=0, clock="ended_at"),
        erasure=Erasure.ANONYMISE,
        subject="user",
    ),
]

NOT_PERSONAL = [NotPersonal("queues.Queue", "name", "the name of a queue of the business")]
