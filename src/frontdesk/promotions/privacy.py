"""The promotions area's personal data (see `frontdesk.core.declarations`), and what of it may
leave production in an anonymised copy.

A registration records what the promotions policy names (IN-24): the contact details given,
the promotion code (its offer), the time and the IP address — to e-mail the unlock code, open
the account, identify the person for support and upgrades, and to detect misuse of the offer
(IN-12: counted per network through a keyed blind index, never the address in the clear). It
is kept FRONTDESK_RETENTION_PROMOTIONS_DAYS, or until erasure; a termination's reason, written
by staff, goes with it. The area sets no cookie of its own."""

from __future__ import annotations

from frontdesk.core.declarations import Basis, Erasure, NotPersonal, PersonalData, Retention
from frontdesk.core.privacy import Drop
from frontdesk.messaging.privacy import EMAIL_PROVIDER

RETENTION = Retention(
    starts="the registration",
    days=730,
    setting="FRONTDESK_RETENTION_PROMOTIONS_DAYS",
    clock="created_at",
)
REGISTER = (
    "Your registration for a promotional offer: e-mailing your unlock code, opening your "
    "customer account, identifying you for support and upgrades (IN-24)."
)
MONITOR = (
    "Detecting misuse of promotions: registrations are analysed per network and per account; "
    "an account that misused an offer may be terminated (IN-24, IN-12)."
)


def _registration(
    fields: tuple[str, ...], category: str, purpose: str, basis: Basis
) -> PersonalData:
    return PersonalData(
        model="promotions.Registration",
        fields=fields,
        category=category,
        purpose=purpose,
        basis=basis,
        recipients=(EMAIL_PROVIDER,),
        retention=RETENTION,
        erasure=Erasure.DELETE,
        subject="user",
    )


DATA = [
    _registration(("contact_name",), "contact.name", REGISTER, Basis.CONTRACT),
    _registration(("contact_email",), "contact.email", REGISTER, Basis.CONTRACT),
    _registration(
        ("offer", "state"),
        "promotion.registration",
        REGISTER,
        Basis.CONTRACT,
    ),
    _registration(("ip",), "network.ip", MONITOR, Basis.LEGITIMATE_INTERESTS),
    _registration(
        ("termination_reason",), "security.misuse_note", MONITOR, Basis.LEGITIMATE_INTERESTS
    ),
]

NOT_PERSONAL = [
    NotPersonal("promotions.Offer", "name", "the published name of a promotional offer"),
]

# Registrations name people and hand out licences: none leaves production.
COPY_RULES = [Drop("promotions.Registration")]
