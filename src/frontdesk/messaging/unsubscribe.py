"""One-click unsubscribe (RFC 8058, IN-2): the links e-mails carry, and what following one does.

A link's token is random, names one recipient and one purpose, and is stored only as a digest.
The POST that uses it needs no login, cookie or CSRF token (mail clients send it blind) and is
idempotent: the second one finds the consent already withdrawn and changes nothing.
"""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse

from frontdesk.access.hosts import absolute_url
from frontdesk.access.models import Organisation
from frontdesk.audit.services import audit_record
from frontdesk.core import clock, tokens
from frontdesk.identity.models import User
from frontdesk.messaging.consent import consent_withdraw
from frontdesk.messaging.models import AnnouncementSubscriber, Consent, UnsubscribeToken
from frontdesk.messaging.policy import policy_version_current
from frontdesk.messaging.selectors import consent_latest

SOURCE = "unsubscribe_link"


def unsubscribe_token_issue(
    *,
    purpose: str,
    user: User | None,
    subscriber: AnnouncementSubscriber | None,
    organisation_id: int | None,
) -> str:
    """A new token for one recipient and one purpose of one business (the e-mail's: the
    delivery task is bound to none); only its digest is stored."""
    token = tokens.new_token()
    UnsubscribeToken.objects.create(
        organisation_id=organisation_id,
        token_hash=tokens.digest(token),
        purpose=purpose,
        user=user,
        subscriber=subscriber,
    )
    return token


def unsubscribe_url(token: str, *, organisation: Organisation | None) -> str:
    """The absolute address of the link on the business's own site (no personal data in it,
    QL-7): the token is found only there."""
    return absolute_url(reverse("messaging:unsubscribe", kwargs={"token": token}), organisation)


@transaction.atomic
def unsubscribe_apply(*, link: UnsubscribeToken) -> None:
    """Withdraw the link's purpose for its recipient: the account's consent (source
    "unsubscribe_link"), or the list subscription. Repeating it changes nothing."""
    if link.user is not None:
        _withdraw_consent(link.user, link.purpose)
    if link.subscriber is not None:
        _leave_list(link.subscriber.pk)


def _withdraw_consent(user: User, purpose: str) -> None:
    # Locked first, so two clicks at once withdraw once.
    User.objects.select_for_update().filter(pk=user.pk).first()
    latest = consent_latest(user=user, purpose=purpose)
    if latest is not None and not latest.granted:
        return
    consent_withdraw(
        actor=None,
        user=user,
        purpose=purpose,
        policy_version=_policy_version(latest),
        source=SOURCE,
    )


def _policy_version(latest: Consent | None) -> str:
    # The privacy app registers the live version; without it, the version the consent being
    # withdrawn was given under is the best known.
    return policy_version_current() or (latest.policy_version if latest else "")


def _leave_list(subscriber_id: int) -> None:
    subscriber = AnnouncementSubscriber.objects.select_for_update().get(pk=subscriber_id)
    if subscriber.unsubscribed_at is not None:
        return
    subscriber.unsubscribed_at = clock.now()
    subscriber.save(update_fields=["unsubscribed_at"])
    audit_record(
        actor=None,
        action="messaging.subscriber.unsubscribed",
        target=subscriber,
        details={"subscriber_id": subscriber.pk, "source": SOURCE},
    )
