"""Changing insights (writes): holding the source of checkouts, counting paid
checkouts by source, opening reports and the partner export (recorded as read), sending
promotions and handing the mailing company its addresses (recorded as released).

Statistics (a page view, a count) are bookkeeping without an actor and are not audited one by
one; everything a member of staff does is, in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from frontdesk.audit.services import audit_record
from frontdesk.core import clock
from frontdesk.insights import selectors, tasks
from frontdesk.insights.models import (
    CheckoutSource,
    ProcessorRelease,
    Promotion,
    SourceCheckout,
    SourceSale,
)
from frontdesk.insights.partner import PartnerExport, partner_sales
from frontdesk.insights.privacy import MAILING_COMPANY, MAILING_LEGAL_BASIS
from frontdesk.insights.scope import ShopScope
from frontdesk.insights.traffic import Source
from frontdesk.payments.states import State as PaymentState
from frontdesk.queues.reports import Period
from frontdesk.shop.models import Checkout, Order, Shop

# --- where sales come from --------------------------------------------------------------------


@transaction.atomic
def checkout_source_record(*, checkout: Checkout, source: Source) -> CheckoutSource | None:
    """Hold the source of a checkout just placed until its payment is settled; None when there
    is no source. Recording it twice keeps the first."""
    if not source:
        return None
    held, _ = CheckoutSource.objects.get_or_create(
        checkout=checkout,
        defaults={"referrer_host": source.referrer_host, "campaign": source.campaign},
    )
    return held


def _count(model: type[SourceSale | SourceCheckout], keys: dict[str, Any], **adds: Any) -> None:
    row, _ = model.objects.get_or_create(**keys)
    model.objects.filter(pk=row.pk).update(
        **{name: F(name) + value for name, value in adds.items()}
    )


@transaction.atomic
def checkout_source_settle(*, reference: str, outcome: str) -> bool:
    """The payment of the checkout `reference` (its public id) was settled: when paid, count
    the checkout and its orders still sold under its source, for the day; then (paid, failed
    or expired) forget which checkout came from where. True when a source was settled."""
    held = (
        CheckoutSource.objects.select_for_update()
        .select_related("checkout")
        .filter(checkout__public_id=reference)
        .first()
    )
    if held is None or outcome not in {
        PaymentState.PAID,
        PaymentState.FAILED,
        PaymentState.EXPIRED,
    }:
        return False
    if outcome == PaymentState.PAID:
        _count_paid(held)
    held.delete()
    return True


def _count_paid(held: CheckoutSource) -> None:
    checkout = held.checkout
    orders = list(Order.objects.filter(checkout=checkout, state__in=selectors.SOLD))
    if not orders:  # e.g. paid after the orders expired: refunded, not a sale
        return
    source = {"referrer_host": held.referrer_host, "campaign": held.campaign}
    day = timezone.localdate(clock.now())
    _count(SourceCheckout, {"day": day, "shop_id": checkout.shop_id, **source}, checkouts=1)
    for order in orders:
        keys = {"day": day, "shop_id": checkout.shop_id, "vendor_id": order.vendor_id, **source}
        _count(SourceSale, keys, orders=1, revenue=order.total)


# --- reports and the partner export ----------------------------------------------------------


@transaction.atomic
def report_open(*, actor: Any, scope: ShopScope, period: Period) -> selectors.ShopReport:
    """The shop's report for a member of staff, recorded as read."""
    report = selectors.shop_report(scope=scope, period=period)
    audit_record(
        actor=actor,
        action="insights.report.viewed",
        target=scope.shop,
        details={
            **scope.audit_details(),
            "first_day": period.first.isoformat(),
            "last_day": period.last.isoformat(),
        },
    )
    return report


@transaction.atomic
def partner_export(
    *, actor: Any, scope: ShopScope, start: date, end: date, channel: str
) -> PartnerExport:
    """The partner figures (see `partner`), recorded with their parameters and counts only:
    they are aggregates, not personal data, so nothing about anyone is disclosed."""
    export = partner_sales(scope=scope, start=start, end=end)
    audit_record(
        actor=actor,
        action="insights.partner.exported",
        target=scope.shop,
        details={
            **scope.audit_details(),
            "channel": channel,
            "grid": export.grid,
            "min_customers": export.min_customers,
            "first_day": export.first_day.isoformat() if export.first_day else None,
            "last_day": export.last_day.isoformat() if export.last_day else None,
            "cells": len(export.rows),
            "suppressed": export.suppressed,
        },
    )
    return export


# --- promotions (QM-18) -----------------------------------------------------------------------


@transaction.atomic
def promotion_send(*, actor: Any, shop: Shop, subject: str, body: str) -> Promotion:
    """Write a promotion and queue its sending (a task, once this transaction commits)."""
    promotion = Promotion.objects.create(
        shop=shop, subject=subject.strip(), body=body.strip(), created_by=actor
    )
    audit_record(
        actor=actor,
        action="insights.promotion.queued",
        target=promotion,
        organisation_id=shop.organisation_id,
        details={"promotion_id": promotion.pk, "shop_id": shop.pk},
    )
    transaction.on_commit(partial(tasks.promotion_deliver_task, promotion.pk))
    return promotion


@dataclass(frozen=True)
class MailingList:
    release: ProcessorRelease
    addresses: list[str]


@transaction.atomic
def mailing_export(*, actor: Any, shop: Shop) -> MailingList:
    """The e-mail addresses — and nothing else — of the customers of the shop's organisation
    who consent to marketing e-mail now, for the mailing company (QM-18), recorded as a release
    to that processor (who, what, legal basis, how many; QM-1) and audited with the count."""
    addresses = sorted({user.email for user in selectors.marketing_audience(shop=shop)})
    # the company the business names as its mailing processor, when it names one
    named = (shop.organisation.processors or {}).get(MAILING_COMPANY.processor, "")
    release = ProcessorRelease.objects.create(
        organisation_id=shop.organisation_id,
        shop=shop,
        recipient=str(named or MAILING_COMPANY.name)[:200],
        contents="E-mail addresses of customers who consent to marketing e-mail (nothing else)",
        legal_basis=MAILING_LEGAL_BASIS,
        people=len(addresses),
        released_by=actor,
    )
    audit_record(
        actor=actor,
        action="insights.mailing.exported",
        target=release,
        details={"release_id": release.pk, "shop_id": shop.pk, "addresses": len(addresses)},
    )
    return MailingList(release=release, addresses=addresses)
