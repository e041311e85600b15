"""The retention sweep (FD-10): personal data past its declared retention is destroyed.

Every `PersonalData` declaration with a day count and a clock field (`Retention.days`,
`Retention.clock`; the setting named by `Retention.setting` overrides the days) is applied on
its own: rows whose clock is older than now - days are deleted (`Erasure.DELETE`) or have the
declared fields blanked (`ANONYMISE`, `KEEP_WITHOUT_IDENTITY`: '' for text, None otherwise), so
the data is gone from the database, not hidden (JF-7). Declarations kept while the account
exists, or for good, have no days and are skipped; the audit log is never swept. Each sweep
also destroys data keys that should be gone: keys of records about people without an account
whose data it discarded, and keys of erased accounts still alive (the destruction after an
erasure's commit failed: see `frontdesk.vault.erasures`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import Field, Model, Q, QuerySet

from frontdesk.access.models import Organisation
from frontdesk.audit.services import audit_record
from frontdesk.core import clock, tenancy
from frontdesk.core.declarations import Erasure, PersonalData, personal_data
from frontdesk.privacy.selectors import retention_days
from frontdesk.vault.erasures import erased_keys_destroy
from frontdesk.vault.shred import record_keys_shred

logger = logging.getLogger(__name__)

# The audit log is append-only and kept for good (QL-18, FD-3): even a declaration that gave it
# days would not make the sweep touch it.
NEVER_SWEPT = frozenset({"audit.auditevent"})


@dataclass(frozen=True)
class Due:
    """One declaration's retention at a moment: which rows of `model` are past `cutoff`
    (`days` before it), what happens to them, and how many there are (`rows`)."""

    model: type[Model]
    fields: tuple[str, ...]
    clock: str
    days: int
    cutoff: datetime
    erasure: Erasure
    rows: int = 0
    business: str = ""  # the slug of the business whose rows these are ("": the platform's)

    @property
    def label(self) -> str:
        return self.model._meta.label

    @property
    def key(self) -> str:
        """ "app.Model[field,field]": names the declaration in reports and audit details."""
        return f"{self.label}[{','.join(self.fields)}]"

    @property
    def deletes(self) -> bool:
        return self.erasure == Erasure.DELETE


@dataclass(frozen=True)
class SweepReport:
    """What a sweep did (or, on a dry run, would do): one `Due` per declaration, its `rows`
    the rows deleted or blanked."""

    dry_run: bool
    items: tuple[Due, ...]

    @property
    def total(self) -> int:
        return sum(item.rows for item in self.items)

    def counts(self) -> dict[str, int]:
        """Rows per declaration, every business's added up."""
        counts: dict[str, int] = {}
        for item in self.items:
            counts[item.key] = counts.get(item.key, 0) + item.rows
        return counts


def effective_days(
    declaration: PersonalData, organisation: Organisation | None = None
) -> int | None:
    """The declared days, overridden by the business's own period or the setting the
    declaration names (`privacy.selectors.retention_days`, which the policy shows too)."""
    return retention_days(declaration.retention, organisation)


def declared_field(model: type[Model], name: str) -> Field[Any, Any]:
    field = model._meta.get_field(name)
    if not isinstance(field, Field):
        raise ImproperlyConfigured(f"{model._meta.label}.{name} is not a stored field.")
    return field


def blanks_for(model: type[Model], fields: Iterable[str]) -> dict[str, str | None]:
    """The update that blanks `fields` of `model` (used by the sweep and by erasure)."""
    return {name: blank_value(declared_field(model, name)) for name in fields}


def blank_value(field: Field[Any, Any]) -> str | None:
    """The value that holds nothing: '' for text, None for a nullable field of another kind."""
    if field.empty_strings_allowed:
        return ""
    if field.null:
        return None
    raise ImproperlyConfigured(
        f"{field.model._meta.label}.{field.name} is declared to be blanked by the retention "
        "sweep but can hold neither '' nor None."
    )


def _holds_something(model: type[Model], name: str) -> Q:
    """Rows where the field is neither None nor ''."""
    field = declared_field(model, name)
    condition = Q(**{f"{name}__isnull": False})
    if field.empty_strings_allowed:
        condition &= ~Q(**{name: ""})
    return condition


def _pending(due: Due, earlier: list[Due]) -> QuerySet[Model]:
    """The rows `due` still has to delete or blank. Rows an earlier DELETE declaration of the
    same model takes are not counted again, so a dry run reports what the sweep will do."""
    rows = due.model._base_manager.filter(**{f"{due.clock}__lt": due.cutoff})
    for other in earlier:
        if other.model is due.model and other.deletes:
            rows = rows.exclude(**{f"{other.clock}__lt": other.cutoff})
    if not due.deletes:
        anything = Q()
        for name in due.fields:
            anything |= _holds_something(due.model, name)
        rows = rows.filter(anything)
    return rows.order_by("pk")


@dataclass(frozen=True)
class _Step:
    """A declaration ready to apply: its rows still to handle and the blank value per field."""

    due: Due
    rows: QuerySet[Model]
    blanks: dict[str, str | None]


def _plan(now: datetime, business: Organisation | None = None) -> list[_Step]:
    """Every sweepable declaration, in declaration order, for one business's rows with its
    own periods (or, for None, the rows of no business and the platform's own models). Built
    whole before anything changes, so a declaration that cannot be applied stops the sweep
    before it starts."""
    steps: list[_Step] = []
    for declaration in personal_data():
        model = apps.get_model(declaration.model)
        if business is not None and not tenancy.is_scoped(model):
            continue  # the platform's own rows: swept once, in the platform's pass
        days = effective_days(declaration, business)
        clock_field = declaration.retention.clock
        if days is None or not clock_field or declaration.model.lower() in NEVER_SWEPT:
            continue
        due = Due(
            model=model,
            fields=declaration.fields,
            clock=clock_field,
            days=days,
            cutoff=now - timedelta(days=days),
            erasure=declaration.erasure,
        )
        blanks = (
            {}
            if due.deletes
            else {name: blank_value(declared_field(due.model, name)) for name in due.fields}
        )
        rows = _pending(due, [step.due for step in steps])
        if tenancy.is_scoped(model):
            rows = tenancy.of_business(
                rows, tenancy.scope_path(model), business.pk if business else None
            )
        steps.append(_Step(due, rows, blanks))
    return steps


def _passes() -> list[Organisation | None]:
    """Each business with its own periods, then the platform's pass."""
    return [*Organisation.objects.order_by("pk"), None]


def retention_due(*, now: datetime | None = None) -> list[Due]:
    """Per sweepable declaration and business: the model, fields, effective days, cutoff,
    erasure and the number of rows past the cutoff (for blanking: those still holding a
    value)."""
    moment = now or clock.now()
    return [
        replace(step.due, rows=step.rows.count(), business=_slug(business))
        for business in _passes()
        for step in _plan(moment, business)
    ]


def _slug(business: Organisation | None) -> str:
    return business.slug if business is not None else ""


def _apply(step: _Step, *, batch_size: int) -> int:
    """Delete or blank the step's rows in batches, each its own short transaction (locks stay
    brief on big tables); the number of rows handled."""
    label = step.due.model._meta.label
    done = 0
    while pks := list(step.rows.values_list("pk", flat=True)[:batch_size]):
        with transaction.atomic():
            # The batch is filtered again in the same statement: a row that changed since it
            # was selected is left alone rather than handled on stale grounds.
            batch = step.rows.filter(pk__in=pks)
            if step.due.deletes:
                done += batch.delete()[1].get(label, 0)
            else:
                done += batch.update(**step.blanks)
    return done


def _record(
    items: list[Due], *, complete: bool, keys_destroyed: int = 0, erased_keys_destroyed: int = 0
) -> None:
    details: dict[str, Any] = {
        "counts": {item.key: item.rows for item in items},
        "days": {item.key: item.days for item in items},
        "total": sum(item.rows for item in items),
        "keys_destroyed": keys_destroyed,
        "erased_keys_destroyed": erased_keys_destroyed,
    }
    if not complete:
        details["complete"] = False
    with transaction.atomic():
        audit_record(actor=None, action="privacy.retention.swept", details=details)


def retention_sweep(
    *, dry_run: bool = False, batch_size: int = 500, now: datetime | None = None
) -> SweepReport:
    """Delete or blank every row past its retention (FD-10, JF-7), in batches: each business's
    rows with that business's own periods (`Organisation.retention`), then the rows of no
    business and the platform's own models with the installation's.

    Keys that should be gone are destroyed too: a record's key once no row needs it, and an
    erased account's key still alive (its destruction after the erasure failed).
    One audit event ("privacy.retention.swept", actor None) per business, in its own chain,
    records the rows handled per declaration, zero counts included, so each business's log
    shows that every sweep ran; the platform's event also counts the keys destroyed. A pass
    that fails half-way still records what it did, marked incomplete. A dry run counts what
    would go, changes nothing and records nothing.
    """
    moment = now or clock.now()
    if dry_run:
        return SweepReport(dry_run=True, items=tuple(retention_due(now=moment)))
    items: list[Due] = []
    for business in _passes():
        tenant = business.tenant if business is not None else tenancy.PLATFORM
        with tenancy.bound(tenant):
            items += _sweep_pass(business, moment, batch_size=batch_size)
    return SweepReport(dry_run=False, items=tuple(items))


def _sweep_pass(business: Organisation | None, moment: datetime, *, batch_size: int) -> list[Due]:
    steps = _plan(moment, business)
    items: list[Due] = []
    complete = False
    shredded = erased = 0
    try:
        for step in steps:
            done = _apply(step, batch_size=batch_size)
            items.append(replace(step.due, rows=done, business=_slug(business)))
            logger.info(
                "Retention sweep%s: %s past %s days: %s rows",
                f" of {business.slug}" if business else "",
                step.due.key,
                step.due.days,
                done,
            )
        if business is None:
            # What was deleted or blanked about people without an account: its key goes too,
            # so older copies of those rows cannot be read either (JF-7).
            shredded = record_keys_shred()
            # An erasure destroys the account's key after its commit; if that failed, now.
            erased = erased_keys_destroy()
        complete = True
    finally:
        _record(items, complete=complete, keys_destroyed=shredded, erased_keys_destroyed=erased)
    return items
