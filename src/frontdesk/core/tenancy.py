"""Which business (tenant) the running code acts for, and the manager that scopes queries to it.

Every request runs inside one business, resolved from its host by `web.middleware.
TenantMiddleware`, or on the platform host, which belongs to no business. The tenant is kept in
a context variable, so the managers of business data filter by it without being handed it.

`BusinessManager` is the default manager (`objects`) of every model holding business data. Its
model names the path to its business in `BUSINESS_SCOPE` ("organisation", "queue__organisation",
"user__organisation"...). Inside a business it returns that business's rows only; on the
platform host it returns only rows that belong to no business (platform operators' accounts)
and so none of any business's data. Code outside a request (the worker, a command, a migration)
is bound to no tenant and sees every business: it works row by row with each row's business,
or binds one with `bound_to(business_id)`. The unscoped query inside a request is the hard one
to write on purpose: `Model.objects.unscoped()`, which a reviewer sees.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.apps import apps
from django.db import models

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class Tenant:
    """The business a request runs in: its key and slug, or the platform (`business_id` None)."""

    business_id: int | None
    slug: str = ""

    @property
    def is_platform(self) -> bool:
        return self.business_id is None


PLATFORM = Tenant(None, "")
_current: contextvars.ContextVar[Tenant | None] = contextvars.ContextVar(
    "frontdesk_tenant", default=None
)


def current() -> Tenant | None:
    """The tenant bound now: a business, the platform, or None outside any request."""
    return _current.get()


def business_id() -> int | None:
    """The key of the business bound now, or None (the platform, or no request)."""
    tenant = _current.get()
    return None if tenant is None else tenant.business_id


@contextmanager
def bound(tenant: Tenant | None) -> Iterator[Tenant | None]:
    """Runs the block inside `tenant` (a request, a task acting for one business)."""
    token = _current.set(tenant)
    try:
        yield tenant
    finally:
        _current.reset(token)


def bound_to(business_id: int, slug: str = "") -> AbstractContextManager[Tenant | None]:
    """Runs the block inside the business with this key."""
    return bound(Tenant(business_id, slug))


def scope(queryset: models.QuerySet[M], path: str) -> models.QuerySet[M]:
    """`queryset` limited to the bound tenant through `path` (see the module docstring)."""
    tenant = _current.get()
    if tenant is None:
        return queryset
    return of_business(queryset, path, tenant.business_id)


def of_business(
    queryset: models.QuerySet[M], path: str, business_id: int | None
) -> models.QuerySet[M]:
    """The rows of `queryset` that belong, through `path`, to one business (None: to none,
    the platform's own)."""
    if business_id is None:
        return queryset.filter(**{f"{path}__isnull": True})
    return queryset.filter(**{path: business_id})


class BusinessScoped(Generic[M]):
    """Mixin for a manager: `get_queryset` is scoped to the bound business (see the module)."""

    model: type[M]

    def get_queryset(self) -> models.QuerySet[M]:
        base = super().get_queryset()  # type: ignore[misc]
        return scope(base, scope_path(self.model))

    def unscoped(self) -> models.QuerySet[M]:
        """Every business's rows, whatever is bound: for the few callers that must (and say why)."""
        return super().get_queryset()  # type: ignore[misc,no-any-return]

    def for_business(self, business_id: int | None) -> models.QuerySet[M]:
        """The rows of one business, named explicitly (worker tasks, commands)."""
        return of_business(self.unscoped(), scope_path(self.model), business_id)


class BusinessManager(BusinessScoped[M], models.Manager[M]):
    """The default manager of a model holding business data."""


def scope_path(model: type[models.Model]) -> str:
    """The lookup from `model` to its business's key (its `BUSINESS_SCOPE`)."""
    path = getattr(model, "BUSINESS_SCOPE", "")
    if not path:
        raise TypeError(f"{model._meta.label} has a business-scoped manager but no BUSINESS_SCOPE")
    return str(path)


def unscoped_models() -> list[str]:
    """Frontdesk's models that hold rows of a business but have no business scope.

    A model is fine when its default manager is business-scoped (`BUSINESS_SCOPE` and a
    `BusinessManager`), or when it says why it is the platform's in `PLATFORM_MODEL` (the
    tenants themselves, the vault's keys, the scan cursors of the worker...)."""
    missing = []
    for model in apps.get_models():
        if not model.__module__.startswith("frontdesk.") or model._meta.proxy:
            continue
        if is_scoped(model) or str(getattr(model, "PLATFORM_MODEL", "")).strip():
            continue
        missing.append(model._meta.label)
    return sorted(missing)


def is_scoped(model: type[models.Model]) -> bool:
    """Whether `model`'s default manager scopes its queries to the bound business."""
    return bool(getattr(model, "BUSINESS_SCOPE", "")) and isinstance(
        model._default_manager, BusinessScoped
    )


def business_key(*, on_delete: Any = models.CASCADE) -> models.ForeignKey[Any, Any]:
    """The column naming the business a row belongs to, for rows that may belong to none (the
    platform's): set from the bound business when the row is written inside a request."""
    return models.ForeignKey(
        "access.Organisation",
        null=True,
        blank=True,
        on_delete=on_delete,
        related_name="+",
        default=business_id,
    )


def unique_per_business(
    *fields: str, name: str, platform_name: str, business: str = "organisation"
) -> list[models.BaseConstraint]:
    """`fields` unique within each business, and within the platform's own rows: a unique
    index treats every NULL business as distinct, so the platform's rows need their own."""
    return [
        models.UniqueConstraint(fields=[business, *fields], name=name),
        models.UniqueConstraint(
            fields=list(fields),
            condition=models.Q(**{f"{business}__isnull": True}),
            name=platform_name,
        ),
    ]
