"""The one way to send an e-mail: `email_send` checks the purpose, the recipient's account and
consent, records the message and queues its delivery after the caller's transaction commits.

Consent and account state are checked twice: here, so a caller learns at once that a message
is refused (`ConsentRequiredError`, `AccountInactiveError`, nothing recorded), and again by the
delivery task at the moment of sending, so a withdrawal or deactivation in between still wins
(QM-18, QL-2, QM-11).

Every e-mail is sent by one business (FD-16): from its address, with links to its own site,
and its recipient is looked for among that business's accounts and list only. The business is
the one named, else the recipient account's, else the one the code runs for (the request's).
"""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from functools import partial

from django.db import transaction

from frontdesk.core import tenancy
from frontdesk.identity.models import User
from frontdesk.messaging import tasks
from frontdesk.messaging.errors import (
    AccountInactiveError,
    ConsentRequiredError,
    EmailRefusedError,
)
from frontdesk.messaging.models import AnnouncementSubscriber, EmailMessageLog
from frontdesk.messaging.purposes import Purpose, email_purpose
from frontdesk.messaging.selectors import email_refusal, subscriber_for_address, user_for_address

__all__ = [
    "AccountInactiveError",
    "ConsentRequiredError",
    "EmailRefusedError",
    "email_send",
]


@transaction.atomic
def email_send(
    *,
    user: User | None = None,
    to: str | None = None,
    purpose: str,
    subject: str,
    body_text: str,
    body_html: str | None = None,
    transactional: bool = False,
    organisation_id: int | None = None,
) -> EmailMessageLog:
    """Queue one e-mail to `user` (their address) or to the address `to`; return its log row.

    It is sent by the business `organisation_id`, else `user`'s, else the bound one (see the
    module); an address `to` counts as the account it has at that business. Outside a request
    (a task, a command), a call with `to=` names the business: nothing is bound there.

    `purpose` is a name in `purposes.EMAIL_PURPOSES`. Transactional purposes (account, order,
    visit, subscription) go to anyone whose account is not deactivated; the others need the
    recipient's consent now, and carry one-click unsubscribe headers and a visible link.
    `transactional=True` states the caller's intent: it is refused for a purpose that is not.
    Raises `EmailRefusedError` (a `ConsentRequiredError` or `AccountInactiveError`) when the
    e-mail may not go, `UnknownPurposeError` or `ValueError` for a wrong call.
    """
    kind = email_purpose(purpose)
    if transactional and not kind.transactional:
        raise ValueError(f"E-mail for {purpose!r} is not transactional: it needs consent.")
    if organisation_id is None and user is not None:
        organisation_id = user.organisation_id
    with _inside(organisation_id):
        recipient, address = _recipient(user, to)
        subscriber = subscriber_for_address(email=address) if not kind.transactional else None
        return email_queue(
            purpose=kind,
            address=address,
            user=recipient,
            subscriber=subscriber,
            subject=subject,
            body_text=body_text,
            body_html=body_html or "",
            organisation_id=organisation_id,
        )


def _inside(organisation_id: int | None) -> AbstractContextManager[object]:
    """The block runs for the business sending (its accounts, its list); as bound when the
    caller names none."""
    return nullcontext() if organisation_id is None else tenancy.bound_to(organisation_id)


def email_queue(
    *,
    purpose: Purpose,
    address: str,
    user: User | None,
    subscriber: AnnouncementSubscriber | None,
    subject: str,
    body_text: str,
    body_html: str,
    organisation_id: int | None = None,
) -> EmailMessageLog:
    """Check, record and queue one e-mail to a resolved recipient (inside a transaction). Its
    business is `organisation_id`, else the recipient's (account, then list), else the bound
    one."""
    refusal = email_refusal(purpose=purpose, user=user, subscriber=subscriber)
    if refusal is not None:
        raise refusal
    message = EmailMessageLog.objects.create(
        organisation_id=_sender(organisation_id, user, subscriber),
        user=user,
        subscriber=subscriber,
        to_email=address,
        purpose=purpose.name,
        subject=subject[:200],
        body_text=body_text,
        body_html=body_html,
    )
    transaction.on_commit(partial(tasks.email_deliver_task, message.pk))
    return message


def _sender(
    organisation_id: int | None, user: User | None, subscriber: AnnouncementSubscriber | None
) -> int | None:
    if organisation_id is not None:
        return organisation_id
    for recipient in (user, subscriber):
        if recipient is not None and recipient.organisation_id is not None:
            return recipient.organisation_id
    return tenancy.business_id()


def _recipient(user: User | None, to: str | None) -> tuple[User | None, str]:
    """The account and the address: an address that belongs to an account counts as that
    account, so its consent and its deactivation apply (QM-11)."""
    if (user is None) == (to is None):
        raise ValueError("Give exactly one of user= and to=.")
    if user is not None:
        return user, user.email
    address = str(to).strip()
    if not address:
        raise ValueError("The address is empty.")
    return user_for_address(email=address), address
