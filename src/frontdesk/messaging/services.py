"""Sending SMS, recording opt-outs and consent decisions.

Other apps send an SMS with `sms_send` inside their own transaction: the message leaves only
once that transaction commits (`on_commit`), by a task, through the configured backend.
Consent decisions are recorded by `consent_give`/`consent_withdraw` (from `messaging.consent`);
e-mail is sent by `messaging.email.email_send`; the announcement list is in
`messaging.announcements`.
"""

from __future__ import annotations

from functools import partial

from django.db import IntegrityError, transaction

from frontdesk.audit.services import Actor, audit_record
from frontdesk.messaging import tasks
from frontdesk.messaging.consent import consent_give, consent_withdraw
from frontdesk.messaging.models import SmsMessage, SmsOptOut
from frontdesk.messaging.phones import phone_normalise
from frontdesk.messaging.selectors import sms_marketing_allowed, sms_opted_out

__all__ = [
    "MarketingRefusedError",
    "consent_give",
    "consent_withdraw",
    "outbox_record_view",
    "sms_opt_in",
    "sms_opt_out",
    "sms_send",
]


class MarketingRefusedError(PermissionError):
    """A marketing SMS to a phone that never opted in to marketing (QL-1, QL-2, FD-12)."""


@transaction.atomic
def sms_send(
    *,
    phone: str,
    body: str,
    organisation_id: int | None,
    purpose: str = "transactional",
    reference: str = "",
    user_id: int | None = None,
    queue_id: int | None = None,
) -> SmsMessage | None:
    """Queue one SMS; return it, or None when the phone replied STOP (nothing is sent, QL-2).

    Marketing (any purpose but "transactional") needs the phone's explicit opt-in, which no
    phone can give yet: it raises `MarketingRefusedError` (QL-1). An invalid phone raises
    `phones.InvalidPhoneError`. The send happens after the caller's transaction commits.
    `user_id` names the account the message is about, when there is one (its data download
    and erasure find the message); `queue_id` the queue whose customer it goes to (the outbox
    shows it to that queue's staff). `organisation_id` is the business sending it.
    """
    to_phone = phone_normalise(phone)
    if purpose != SmsMessage.Purpose.TRANSACTIONAL and not sms_marketing_allowed(phone=to_phone):
        raise MarketingRefusedError(
            "Marketing SMS are sent only to phones that opted in to marketing; this one did not."
        )
    if sms_opted_out(phone=to_phone):
        return None
    message = SmsMessage.objects.create(
        organisation_id=organisation_id,
        queue_id=queue_id,
        user_id=user_id,
        to_phone=to_phone,
        body=body,
        purpose=purpose,
        reference=reference[:120],
    )
    transaction.on_commit(partial(tasks.sms_deliver_task, message.pk))
    return message


@transaction.atomic
def sms_opt_out(*, actor: Actor | None, phone: str) -> SmsOptOut:
    """Stop every SMS to `phone` (reply STOP, QL-2); idempotent. Messages still queued are
    cancelled when their task runs."""
    number = phone_normalise(phone)
    opt_out = SmsOptOut.objects.select_for_update().matching(phone=number).first()
    if opt_out is None:
        try:
            with transaction.atomic():  # a STOP sent twice at once: the second finds the first
                opt_out = SmsOptOut.objects.create(phone=number)
        except IntegrityError:
            return SmsOptOut.objects.matching(phone=number).get()
        # The audit trail names the opt-out row, never the phone number in the clear.
        audit_record(
            actor=actor,
            action="messaging.sms.opted_out",
            target=opt_out,
            details={"opt_out_id": opt_out.pk},
        )
    return opt_out


@transaction.atomic
def sms_opt_in(*, actor: Actor | None, phone: str) -> bool:
    """Lift an opt-out (reply START); return whether there was one to lift."""
    opt_out = SmsOptOut.objects.select_for_update().matching(phone=phone_normalise(phone)).first()
    if opt_out is None:
        return False
    audit_record(
        actor=actor,
        action="messaging.sms.opted_in",
        target=opt_out,
        details={"opt_out_id": opt_out.pk},
    )
    opt_out.delete()
    return True


@transaction.atomic
def outbox_record_view(
    *, actor: Actor, organisation_ids: set[int], page: int, shown: list[SmsMessage]
) -> None:
    """Record that `actor` read one page of the outbox (phone numbers), per organisation."""
    for organisation_id in sorted(organisation_ids):
        audit_record(
            actor=actor,
            action="messaging.outbox.viewed",
            organisation_id=organisation_id,
            details={
                "page": page,
                "message_ids": [sms.pk for sms in shown if sms.organisation_id == organisation_id],
            },
        )
