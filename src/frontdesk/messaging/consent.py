"""Consent decisions (FD-12): giving and withdrawing are one call each, recorded the same way,
append-only, with time, policy version and source, and audited. Reads are in `selectors`
(`consent_current`, `consent_history`)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from frontdesk.audit.services import Actor, audit_record
from frontdesk.identity.models import User
from frontdesk.messaging.models import Consent
from frontdesk.messaging.purposes import consent_purpose
from frontdesk.messaging.selectors import consent_latest


def consent_give(
    *, actor: Actor | None, user: Any, purpose: str, policy_version: str, source: str
) -> Consent:
    """Record that `user` consents to `purpose` (FD-12); the mirror of `consent_withdraw`."""
    return _consent_decide(
        actor=actor,
        user=user,
        purpose=purpose,
        granted=True,
        policy_version=policy_version,
        source=source,
    )


def consent_withdraw(
    *, actor: Actor | None, user: Any, purpose: str, policy_version: str, source: str
) -> Consent:
    """Record that `user` no longer consents to `purpose` (FD-12); from this moment no e-mail
    or SMS for it is sent, even one already queued (checked at send time)."""
    return _consent_decide(
        actor=actor,
        user=user,
        purpose=purpose,
        granted=False,
        policy_version=policy_version,
        source=source,
    )


@transaction.atomic
def _consent_decide(
    *, actor: Actor | None, user: Any, purpose: str, granted: bool, policy_version: str, source: str
) -> Consent:
    """Append a decision unless the newest one already says the same under the same policy
    version (a repeated click changes nothing); return the decision now in force.

    The account row is locked so that two decisions at once are recorded one after the other.
    """
    kind = consent_purpose(purpose)
    User.objects.select_for_update().filter(pk=user.pk).first()
    latest = consent_latest(user=user, purpose=purpose)
    if latest is not None and latest.granted == granted and latest.policy_version == policy_version:
        return latest
    consent = Consent.objects.create(
        user_id=user.pk,
        purpose=purpose,
        channel=kind.channel,
        granted=granted,
        policy_version=policy_version[:64],
        source=source[:32],
    )
    audit_record(
        actor=actor,
        action="messaging.consent.given" if granted else "messaging.consent.withdrawn",
        target=user,
        details={
            "consent_id": consent.pk,
            "purpose": purpose,
            "channel": kind.channel,
            "policy_version": consent.policy_version,
            "source": consent.source,
        },
    )
    return consent
