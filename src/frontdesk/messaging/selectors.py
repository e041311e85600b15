"""Reads of the messaging app: consent, who may be e-mailed for what right now, opt-out state,
and the outbox a staff member may see."""

from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery

from frontdesk.core import tokens
from frontdesk.identity.models import User
from frontdesk.messaging.errors import (
    AccountInactiveError,
    ConsentRequiredError,
    EmailRefusedError,
)
from frontdesk.messaging.models import (
    AnnouncementSubscriber,
    Consent,
    SmsMessage,
    SmsOptOut,
    UnsubscribeToken,
)
from frontdesk.messaging.purposes import CONSENT_PURPOSES, Purpose


def sms_opted_out(*, phone: str) -> bool:
    """Whether the (normalised) phone replied STOP and has not replied START since."""
    return SmsOptOut.objects.matching(phone=phone).exists()


def sms_marketing_allowed(*, phone: str) -> bool:
    """Whether the phone explicitly opted in to marketing SMS.

    There is no marketing opt-in yet, so no phone has consented and the answer is always no
    (QL-1: no unsolicited advertising reaches a customer's phone).
    """
    return False


def outbox_list(*, queue_ids: set[int]) -> QuerySet[SmsMessage]:
    """The SMS sent to the customers of those queues, newest first (the caller says which
    queues the reader serves: messaging knows no queues)."""
    return SmsMessage.objects.filter(queue_id__in=queue_ids).order_by("-created_at", "-id")


def consent_current(*, user: Any) -> dict[str, bool]:
    """Every consent purpose → whether `user` consents to it now: the newest record decides,
    no record means no (FD-12)."""
    current = dict.fromkeys(CONSENT_PURPOSES, False)
    seen: set[str] = set()
    for purpose, granted in consent_history(user=user).values_list("purpose", "granted"):
        if purpose in current and purpose not in seen:
            current[purpose] = granted
            seen.add(purpose)
    return current


def consent_history(*, user: Any) -> QuerySet[Consent]:
    """Every consent decision of `user`, newest first, with time, policy version and source."""
    return Consent.objects.filter(user_id=user.pk).order_by("-created_at", "-id")


def consent_latest(*, user: Any, purpose: str) -> Consent | None:
    """The newest decision of `user` about `purpose`, or None when there is none."""
    return consent_history(user=user).filter(purpose=purpose).first()


def user_for_address(*, email: str) -> User | None:
    """The account with this e-mail address, if any (found by its blind index)."""
    return User.objects.with_email(email).first()


def subscriber_for_address(*, email: str) -> AnnouncementSubscriber | None:
    return AnnouncementSubscriber.objects.matching(email=email).first()


def email_refusal(
    *, purpose: Purpose, user: User | None, subscriber: AnnouncementSubscriber | None
) -> EmailRefusedError | None:
    """Why an e-mail for `purpose` may not go to this recipient right now, or None when it may.

    A deactivated account gets nothing, ever (QM-11). Transactional e-mail needs nothing more.
    Other purposes need the account's newest decision to be a yes; an address with no decision
    on its account (or no account) may get announcements only as a confirmed list subscriber
    who has not left (QM-18, QL-2, IN-2). A withdrawal on the account always wins.
    """
    if user is not None and not user.is_active:
        return AccountInactiveError("The account is deactivated: nothing is sent to it.")
    if purpose.transactional:
        return None
    latest = consent_latest(user=user, purpose=purpose.name) if user is not None else None
    if latest is not None and latest.granted:
        return None
    on_list = purpose.name == "announcements" and subscriber is not None and subscriber.subscribed
    if latest is None and on_list:
        return None
    return ConsentRequiredError(
        f"The recipient does not consent to {purpose.label.lower()}: nothing was sent."
    )


def consenting_users(purpose: str) -> QuerySet[User]:
    """Active accounts whose newest decision about `purpose` is a yes (no record is a no)."""
    newest = (
        Consent.objects.filter(user=OuterRef("pk"), purpose=purpose)
        .order_by("-created_at", "-id")
        .values("granted")[:1]
    )
    return (
        User.objects.filter(is_active=True)
        .annotate(consents=Subquery(newest))
        .filter(consents=True)
        .order_by("pk")
    )


def announcement_users() -> QuerySet[User]:
    """Active accounts whose newest "announcements" decision is a yes."""
    return consenting_users("announcements")


def announcement_subscribers() -> QuerySet[AnnouncementSubscriber]:
    """Confirmed list subscribers who have not left."""
    return AnnouncementSubscriber.objects.filter(
        confirmed_at__isnull=False, unsubscribed_at__isnull=True
    ).order_by("pk")


def unsubscribe_token_find(*, token: str) -> UnsubscribeToken | None:
    """The unsubscribe link whose token this is (looked up by digest), or None."""
    return (
        UnsubscribeToken.objects.select_related("user", "subscriber")
        .filter(token_hash=tokens.digest(token))
        .first()
    )


def subscriber_by_token(*, token: str) -> AnnouncementSubscriber | None:
    """The list sign-up whose confirmation token this is, or None."""
    return AnnouncementSubscriber.objects.filter(token_hash=tokens.digest(token)).first()
