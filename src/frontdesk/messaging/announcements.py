"""The announcement list (IN-2, FD-12): anyone may join with an e-mail address, and is on the
list only after following the link e-mailed to that address (double opt-in). Announcements go
to every confirmed subscriber who has not left and to every account that consents to them.

Addresses that never confirmed, or that left the list, are deleted after
`FRONTDESK_ANNOUNCEMENT_CONFIRM_DAYS` (7) by `retention.announcement_subscribers_purge`.

Each business has its own list (FD-16): joining on a business's site puts the address on that
business's list, its confirmation link is on that site, and a business's announcements go to
its list and its consenting accounts only.
"""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse

from frontdesk.access.hosts import absolute_url, current_organisation
from frontdesk.access.models import Organisation
from frontdesk.audit.services import Actor, audit_record
from frontdesk.core import clock, tenancy, tokens
from frontdesk.identity.models import User
from frontdesk.messaging.email import email_queue, email_send
from frontdesk.messaging.errors import EmailRefusedError
from frontdesk.messaging.models import AnnouncementSubscriber
from frontdesk.messaging.purposes import Purpose, email_purpose
from frontdesk.messaging.retention import confirm_days
from frontdesk.messaging.selectors import (
    announcement_subscribers,
    announcement_users,
    user_for_address,
)

CONFIRM_SUBJECT = "Confirm your subscription to our announcements"
CONFIRM_BODY = (
    "Someone, probably you, asked to receive our announcements at this address.\n\n"
    "To confirm, open this link and press the button: {link}\n\n"
    "If it was not you, ignore this e-mail: without confirmation the address is deleted "
    "within {days} days and you will get nothing from us."
)


@transaction.atomic
def announcement_join(*, email: str) -> None:
    """Ask to join the bound business's list: e-mail a confirmation link to `email` (a new one
    each time). An address already on the list gets nothing; nor does a deactivated account's
    (QM-11). The caller shows the same answer whatever happened, so nobody learns who is on
    the list."""
    address = email.strip().lower()
    subscriber = AnnouncementSubscriber.objects.select_for_update().matching(email=address).first()
    if subscriber is not None and subscriber.subscribed:
        return
    account = user_for_address(email=address)
    if account is not None and not account.is_active:
        return
    token = tokens.new_token()
    if subscriber is None:
        subscriber = AnnouncementSubscriber(email=address)
    # A fresh request starts the confirmation period again; an old link stops working.
    subscriber.token_hash = tokens.digest(token)
    subscriber.created_at = clock.now()
    subscriber.confirmed_at = subscriber.unsubscribed_at = None
    subscriber.save()
    audit_record(
        actor=None,
        action="messaging.subscriber.joined",
        target=subscriber,
        details={"subscriber_id": subscriber.pk},
    )
    path = reverse("messaging:announcements_confirm", kwargs={"token": token})
    link = absolute_url(path, current_organisation())
    email_send(
        to=address,
        purpose="subscription",
        transactional=True,
        subject=CONFIRM_SUBJECT,
        body_text=CONFIRM_BODY.format(link=link, days=confirm_days()),
    )


@transaction.atomic
def announcement_confirm(*, subscriber: AnnouncementSubscriber) -> AnnouncementSubscriber:
    """Put a sign-up on the list (the second opt-in); confirming twice changes nothing. An
    address that left the list must ask to join again."""
    subscriber = AnnouncementSubscriber.objects.select_for_update().get(pk=subscriber.pk)
    if subscriber.confirmed_at is not None or subscriber.unsubscribed_at is not None:
        return subscriber
    subscriber.confirmed_at = clock.now()
    subscriber.save(update_fields=["confirmed_at"])
    audit_record(
        actor=None,
        action="messaging.subscriber.confirmed",
        target=subscriber,
        details={"subscriber_id": subscriber.pk},
    )
    return subscriber


@transaction.atomic
def announcement_send(
    *, organisation: Organisation, subject: str, body: str, actor: Actor | None = None
) -> int:
    """Queue `subject`/`body` from `organisation` to each of its accounts that consents to
    announcements and each confirmed subscriber of its list who has not left, once per
    address; the number of e-mails queued. Each one is checked again when it leaves (consent,
    deactivation) and carries its own one-click unsubscribe link."""
    with tenancy.bound(organisation.tenant):
        queued = _send_all(subject=subject, body=body)
        audit_record(
            actor=actor,
            action="messaging.announcement.sent",
            target=organisation,
            details={"queued": queued},
        )
    return queued


def _send_all(*, subject: str, body: str) -> int:
    purpose = email_purpose("announcements")
    queued = 0
    seen: set[str] = set()
    for user in announcement_users():
        seen.add(user.email.lower())
        queued += _queue_one(
            purpose=purpose,
            address=user.email,
            user=user,
            subscriber=None,
            subject=subject,
            body=body,
        )
    for subscriber in announcement_subscribers():
        if subscriber.email.lower() in seen:
            continue
        seen.add(subscriber.email.lower())
        account = user_for_address(email=subscriber.email)
        queued += _queue_one(
            purpose=purpose,
            address=subscriber.email,
            user=account,
            subscriber=subscriber,
            subject=subject,
            body=body,
        )
    return queued


def _queue_one(
    *,
    purpose: Purpose,
    address: str,
    user: User | None,
    subscriber: AnnouncementSubscriber | None,
    subject: str,
    body: str,
) -> int:
    try:
        email_queue(
            purpose=purpose,
            address=address,
            user=user,
            subscriber=subscriber,
            subject=subject,
            body_text=body,
            body_html="",
        )
    except EmailRefusedError:
        # E.g. a list address whose account is deactivated or withdrew: it gets nothing.
        return 0
    return 1
