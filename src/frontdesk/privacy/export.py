"""Everything held about one person, complete by construction (IN-21, FD-9).

The export is not a list someone keeps up to date: it walks every app's declarations
(`frontdesk.core.declarations.personal_data()`). Each declaration whose `subject` leads to an
account ("self": the User row; "user", or any field path: rows about that user) contributes
every declared field of every row, grouped by model with its purpose, basis and retention. A
new declaration is in the next export without a change here. Declarations that cannot be tied
to an account (`subject` "") are listed with what the person would need to show us to find
them. On top: the audit events about the person (what happened, when, from which address) —
those they did, and those done to any of their records, found through the same declarations
(staff reading their order is data about them too, GDPR art. 15) — and their privacy requests.

The account belongs to one business, and the export is that business's answer (FD-16): every
row is read through the models' business-scoped default managers with the account's business
bound (`business_of`), so nothing another business holds ever appears in it, even where a row
there pointed at this account.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db.models import CharField, Manager, Model, Q, QuerySet
from django.db.models.functions import Cast

from frontdesk.access.hosts import site_url
from frontdesk.audit.actions import describe
from frontdesk.audit.models import AuditEvent
from frontdesk.core import clock, tenancy
from frontdesk.core.declarations import PersonalData, personal_data
from frontdesk.identity.models import User
from frontdesk.privacy.models import PrivacyRequest
from frontdesk.privacy.publishers import publisher_for
from frontdesk.privacy.selectors import category_label, policy_version, retention_description

FORMAT = "frontdesk.personal-data-export/1"
SELF = "self"
# Secrets that protect the account are named, never copied into a file that can be mailed or
# left in a download folder: whoever held the file could use them.
WITHHELD = "(kept, not shown: a secret that protects your account)"
SECRET_PREFIX = "secret."  # noqa: S105 - a category prefix

# How a person can help us find data not tied to their account (subject ""). Anything not
# listed gets the general answer.
HOW_TO_FIND = {
    "messaging.smsoptout": "Opt-outs are kept by phone number: tell us the number.",
    "audit.auditevent": "Addresses in events not about your account: tell us the address.",
    "sessions.session": "Sessions hold a random identifier only; they end within hours.",
}
HOW_TO_FIND_DEFAULT = "Write to the privacy contact with what would identify it."


def _plain(value: Any) -> Any:
    """A JSON-ready value: text, numbers, booleans and null as they are; times as ISO 8601."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (list, dict)):
        return value
    return str(value)


def business_of(user: User) -> tenancy.Tenant:
    """The tenant the account belongs to: its business, or the platform for an operator."""
    return tenancy.Tenant(user.organisation_id)


def rows_about(item: PersonalData, user: User) -> QuerySet[Model]:
    """The rows of the declaration's model about `user`, oldest first, through the model's
    default manager: scoped to the bound business for business data (callers bind the
    account's, `business_of`)."""
    model: type[Model] = apps.get_model(item.model)
    manager: Manager[Model] = model._default_manager
    if item.subject == SELF:
        return manager.filter(pk=user.pk).order_by("pk")
    return manager.filter(**{item.subject: user}).order_by("pk")


def _declaration_entry(item: PersonalData, user: User) -> dict[str, Any]:
    return {
        "fields": list(item.fields),
        "category": item.category,
        "label": category_label(item.category),
        "purpose": item.purpose,
        "basis": str(item.basis),
        "retention": retention_description(item.retention, user.organisation),
        "erasure": str(item.erasure),
    }


def _row_values(row: Model, items: Iterable[PersonalData]) -> dict[str, Any]:
    values: dict[str, Any] = {"id": _plain(row.pk)}
    for item in items:
        if item.retention.clock:
            values[item.retention.clock] = _plain(getattr(row, item.retention.clock))
        for name in item.fields:
            secret = item.category.startswith(SECRET_PREFIX)
            values[name] = WITHHELD if secret else _plain(getattr(row, name))
    return values


def _linked_sections(user: User, data: list[PersonalData]) -> list[dict[str, Any]]:
    by_model: dict[str, list[PersonalData]] = {}
    for item in data:
        if item.subject:
            by_model.setdefault(item.model.lower(), []).append(item)
    sections = []
    for label, items in by_model.items():
        model = apps.get_model(label)
        rows: dict[Any, Model] = {}
        for item in items:  # declarations of one model may reach the person differently
            rows.update({row.pk: row for row in rows_about(item, user)})
        sections.append(
            {
                "model": model._meta.label,
                "title": str(model._meta.verbose_name_plural).capitalize(),
                "declarations": [_declaration_entry(item, user) for item in items],
                "rows": [_row_values(row, items) for _, row in sorted(rows.items())],
            }
        )
    return sections


def _not_linked(data: list[PersonalData]) -> list[dict[str, Any]]:
    by_model: dict[str, list[PersonalData]] = {}
    for item in data:
        if not item.subject:
            by_model.setdefault(item.model.lower(), []).append(item)
    return [
        {
            "model": apps.get_model(label)._meta.label,
            "title": str(apps.get_model(label)._meta.verbose_name_plural).capitalize(),
            "kinds": sorted({category_label(item.category) for item in items}),
            "purposes": sorted({item.purpose for item in items}),
            "how_to_find": HOW_TO_FIND.get(label, HOW_TO_FIND_DEFAULT),
        }
        for label, items in by_model.items()
    ]


def _records_of(user: User, data: Iterable[PersonalData]) -> Q:
    """Events whose target is a record of the person: a row of any model a declaration ties to
    them (their account, orders, tickets, requests, licences...), found as the sections find
    them. Events name their target by model label and id as text (`audit_record`)."""
    condition = Q(pk__in=[])
    seen: set[tuple[str, str]] = set()
    for item in data:
        if not item.subject or (item.model, item.subject) in seen:
            continue
        seen.add((item.model, item.subject))
        ids = rows_about(item, user).order_by().annotate(audit_target_id=Cast("pk", CharField()))
        label = apps.get_model(item.model)._meta.label_lower
        condition |= Q(target_type=label, target_id__in=ids.values("audit_target_id"))
    return condition


def audit_events_about(
    user: User, *, data: Iterable[PersonalData] | None = None
) -> QuerySet[AuditEvent]:
    """Events the person did, and events done to their account or any of their records, in
    the bound business's chain (the caller binds the account's business: `export_for`)."""
    declared = personal_data() if data is None else data
    events: QuerySet[AuditEvent] = AuditEvent.objects.all()
    return events.filter(Q(actor_id=user.pk) | _records_of(user, declared)).order_by("seq")


def _about(event: AuditEvent) -> dict[str, str] | None:
    """What the event was done to: the kind of record (as the sections name it, and in words)
    and its id; None for events done to nothing in particular."""
    if not event.target_type:
        return None
    try:
        model = apps.get_model(event.target_type)
    except (LookupError, ValueError):
        return {"model": event.target_type, "title": event.target_type, "id": event.target_id}
    title = f"{model._meta.app_config.verbose_name}: {model._meta.verbose_name}"
    return {"model": model._meta.label, "title": title, "id": event.target_id}


def _audit_entries(user: User, data: list[PersonalData]) -> list[dict[str, Any]]:
    return [
        {
            "when": _plain(event.created_at),
            "action": event.action,
            "description": describe(event.action),
            "about": _about(event),
            "by_you": event.actor_id == user.pk,
            "ip": event.ip,
        }
        for event in audit_events_about(user, data=data)
    ]


def _requests(user: User) -> list[dict[str, Any]]:
    return [
        {
            "id": request.pk,
            "kind": request.get_kind_display(),
            "state": request.get_state_display(),
            "received": _plain(request.created_at),
            "due": _plain(request.due_at),
            "closed": _plain(request.closed_at),
            "details": request.details,
            "refusal_reason": request.refusal_reason,
        }
        for request in PrivacyRequest.objects.filter(user=user).order_by("created_at", "pk")
    ]


def _own_sections(sections: list[dict[str, Any]], own: list[PersonalData]) -> list[dict[str, Any]]:
    """The sections worth showing: every one holding rows, and the empty ones of the apps the
    business uses (a queue's customer is not shown an empty list of licences)."""
    models = {item.model.lower() for item in own}
    return [s for s in sections if s["rows"] or s["model"].lower() in models]


def _controller(user: User) -> dict[str, str]:
    business = user.organisation
    if business is None:
        return {"name": settings.FRONTDESK_SITE_NAME, "url": site_url(None)}
    return {
        "name": business.name,
        "url": site_url(business),
        "privacy_contact": business.privacy_contact,
    }


def export_for(user: User) -> dict[str, Any]:
    """The whole export of `user`, as data (served as JSON, rendered as a page): what the
    account's business holds about them, read with that business bound. Every declaration is
    walked, so nothing held is left out; the apps the business's policy lists
    (`publishers.policy_apps`) decide which empty sections and which data not tied to the
    account are worth listing."""
    data = personal_data()
    with tenancy.bound(business_of(user)):
        own = personal_data(publisher_for(user.organisation).app_labels)
        return {
            "format": FORMAT,
            "generated_at": _plain(clock.now()),
            "policy_version": policy_version(organisation=user.organisation),
            # Who holds this data (GDPR Art. 15(1)): the account's business, and no other.
            "controller": _controller(user),
            "account": {"id": user.pk},
            "sections": _own_sections(_linked_sections(user, data), own),
            "audit_events": _audit_entries(user, data),
            "privacy_requests": _requests(user),
            "not_linked": _not_linked(own),
        }
