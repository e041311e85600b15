"""Sending a promotion (QM-18), in a task: through messaging, which decides per customer."""

from __future__ import annotations

from django.db import transaction

from frontdesk.audit.services import audit_record
from frontdesk.core import clock, tenancy
from frontdesk.insights.models import Promotion
from frontdesk.insights.selectors import customers_of
from frontdesk.messaging.email import EmailRefusedError, email_send


@transaction.atomic
def promotion_deliver(*, promotion_id: int) -> Promotion | None:
    """Send a queued promotion to every customer of the shop's organisation through messaging
    (purpose "marketing"), which sends only to those who consent at that moment and checks
    again when each e-mail leaves, adding one-click unsubscribe (FD-12). Counts only are kept
    and audited. A promotion already sent is not sent again (None).

    Runs bound to the shop's business (the task itself is bound to none): the accounts it
    reaches and the e-mails' sender are that business's alone (FD-16)."""
    promotion = (
        Promotion.objects.select_for_update()
        .select_related("shop__organisation")
        .filter(pk=promotion_id, state=Promotion.State.QUEUED)
        .first()
    )
    if promotion is None:
        return None
    with tenancy.bound(promotion.shop.organisation.tenant):
        return _deliver(promotion)


def _deliver(promotion: Promotion) -> Promotion:
    body = f"{promotion.body}\n\n— {promotion.shop.name}"
    for customer in customers_of(shop=promotion.shop):
        try:
            email_send(
                user=customer, purpose="marketing", subject=promotion.subject, body_text=body
            )
        except EmailRefusedError:
            promotion.refused += 1
        else:
            promotion.queued += 1
    promotion.state, promotion.sent_at = Promotion.State.SENT, clock.now()
    promotion.save(update_fields=["state", "sent_at", "queued", "refused"])
    audit_record(
        actor=None,
        action="insights.promotion.sent",
        target=promotion,
        organisation_id=promotion.shop.organisation_id,
        details={
            "promotion_id": promotion.pk,
            "queued": promotion.queued,
            "refused": promotion.refused,
        },
    )
    return promotion
