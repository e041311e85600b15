"""The registry of messaging purposes: why a message is sent, on which channel, and whether it
needs the recipient's consent.

Consent purposes are what a person can agree to or refuse (FD-12). E-mail purposes are what an
e-mail may be sent for: transactional ones (the account, an order, a visit, confirming a
sign-up the person just asked for) go without consent; the others go only to a recipient who
consents at the moment of sending (QM-18, QL-2). Names are stable: records carry them.
"""

from __future__ import annotations

from dataclasses import dataclass

EMAIL = "email"
SMS = "sms"


class UnknownPurposeError(ValueError):
    """A purpose that is not in the registry."""


@dataclass(frozen=True)
class Purpose:
    name: str
    label: str
    channel: str
    transactional: bool = False


CONSENT_PURPOSES: dict[str, Purpose] = {
    purpose.name: purpose
    for purpose in (
        Purpose("announcements", "Announcements by e-mail", EMAIL),
        Purpose("marketing", "Marketing by e-mail", EMAIL),
        Purpose("queue_sms", "Queue updates by SMS", SMS),
    )
}

EMAIL_PURPOSES: dict[str, Purpose] = {
    purpose.name: purpose
    for purpose in (
        Purpose("account", "About your account", EMAIL, transactional=True),
        Purpose("order", "About your order", EMAIL, transactional=True),
        Purpose("visit", "About your visit", EMAIL, transactional=True),
        Purpose("subscription", "Confirming a sign-up", EMAIL, transactional=True),
        CONSENT_PURPOSES["announcements"],
        CONSENT_PURPOSES["marketing"],
    )
}


def consent_purpose(name: str) -> Purpose:
    """The consent purpose called `name`; `UnknownPurposeError` otherwise."""
    try:
        return CONSENT_PURPOSES[name]
    except KeyError:
        raise UnknownPurposeError(f"No consent purpose {name!r}.") from None


def email_purpose(name: str) -> Purpose:
    """The e-mail purpose called `name`; `UnknownPurposeError` otherwise."""
    try:
        return EMAIL_PURPOSES[name]
    except KeyError:
        raise UnknownPurposeError(f"No e-mail purpose {name!r}.") from None
