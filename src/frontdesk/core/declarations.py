"""The data map: what personal data each app keeps, why, for whom and for how long, and which
cookies it sets (FD-1).

Each app's `privacy.py` lists `DATA` (`PersonalData`) and `COOKIES` (`Cookie`). The published
privacy policy (`/privacy`, `/privacy.json`), the cookie table, the anonymised development copy
and the retention sweep are all built from these declarations, and tests fail when a model
field that looks personal, or a cookie a response sets, is not declared — so the policy cannot
say less than the code does.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from enum import StrEnum
from types import ModuleType
from typing import Any

from django.apps import apps
from django.db.models import EmailField, Field, FileField, GenericIPAddressField, TextField


class Basis(StrEnum):
    """Legal bases of GDPR art. 6(1)."""

    CONSENT = "consent"
    CONTRACT = "contract"
    LEGAL_OBLIGATION = "legal obligation"
    LEGITIMATE_INTERESTS = "legitimate interests"


class Erasure(StrEnum):
    """What erasing a person does to this data."""

    DELETE = "delete"  # the rows go
    ANONYMISE = "anonymise"  # the fields are blanked, the record stays (e.g. statistics)
    KEEP_WITHOUT_IDENTITY = "keep without identity"  # the law keeps the record; identity removed


@dataclass(frozen=True)
class Recipient:
    """Who else receives the data: a processor acting for the business, with what it gets.

    `processor` is the kind of company it is (a key of `access.models.PROCESSOR_ROLES`: "sms",
    "cards", ...): each business names its own company of that kind (`Organisation.
    processors`), and its policy names that company instead of `name`. What the recipient
    gets is the same at every business: it is the code's, not the business's."""

    name: str
    role: str
    receives: str
    processor: str = ""


@dataclass(frozen=True)
class Retention:
    """How long the data is kept. `days` (overridable by the setting `setting`) counted from
    the moment in `starts` (the model field `clock` holds it); or while the account exists;
    or as long as the law requires (`days`), identity removed."""

    starts: str
    days: int | None = None
    setting: str = ""
    clock: str = ""
    while_account_exists: bool = False

    def describe(self) -> str:
        if self.while_account_exists:
            return "while the account exists"
        if self.days is None:
            return f"kept {self.starts}"
        return f"{self.days} days after {self.starts}"


@dataclass(frozen=True)
class PersonalData:
    """Personal data in one model: its fields, their category and purpose, the legal basis,
    recipients, retention, and how it is exported and erased for the person it is about."""

    model: str
    fields: tuple[str, ...]
    category: str
    purpose: str
    basis: Basis
    retention: Retention
    recipients: tuple[Recipient, ...] = ()
    erasure: Erasure = Erasure.DELETE
    # The field path from the model to the account it is about ("user", "" when the data is
    # about someone without an account, found another way, e.g. a ticket's opaque token).
    subject: str = ""

    @property
    def app_label(self) -> str:
        return self.model.split(".", 1)[0]


@dataclass(frozen=True)
class Cookie:
    """A cookie the application sets."""

    name: str
    purpose: str
    lifetime: str
    party: str = "first"
    essential: bool = True


def _declaring_modules() -> list[tuple[str, ModuleType]]:
    """(app label, its `privacy` module) for every installed app that has one, in app order."""
    modules = []
    for config in apps.get_app_configs():
        try:
            modules.append((config.label, importlib.import_module(f"{config.name}.privacy")))
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.privacy":
                raise
    return modules


def _privacy_modules(app_labels: Collection[str] | None = None) -> list[ModuleType]:
    return [
        module
        for label, module in _declaring_modules()
        if app_labels is None or label in app_labels
    ]


def personal_data(app_labels: Collection[str] | None = None) -> list[PersonalData]:
    """Every app's declared personal data, in app order; or only what the apps labelled
    `app_labels` declare (a business's policy lists the declarations of the apps it uses, and
    an app may declare another app's model: identity declares the sessions)."""
    return [item for module in _privacy_modules(app_labels) for item in getattr(module, "DATA", [])]


def cookies(app_labels: Collection[str] | None = None) -> list[Cookie]:
    """Every cookie the application may set; or only those the apps `app_labels` set."""
    return [
        item for module in _privacy_modules(app_labels) for item in getattr(module, "COOKIES", [])
    ]


def declaring_apps() -> list[str]:
    """The labels of the apps that declare personal data, cookies or fields that are not."""
    return [label for label, _ in _declaring_modules()]


def declared_fields() -> set[tuple[str, str]]:
    """(model label in lower case, field name) for every declared field."""
    return {(item.model.lower(), name) for item in personal_data() for name in item.fields}


# --- finding personal data nobody declared ---------------------------------------------------

_PERSONAL_NAME = re.compile(
    r"(^|_)(name|email|e_mail|phone|mobile|address|street|city|postcode|zip|ip|ip_address"
    r"|user_agent|agent|birth|username|body|message|comment|note|notes|text|feedback"
    r"|description|diagnostic|report|session_data|key)($|_)"
)


def looks_personal(field: Field[Any, Any]) -> bool:
    """A field that may hold personal data: by its type (e-mail, IP address, uploaded file,
    free text) or by its name (name, phone, address, user agent, message, …). A field class
    that says why it never holds personal data (`not_personal_reason`: a key id, a keyed hash
    erased with its source) is not."""
    if getattr(field, "not_personal_reason", ""):
        return False
    if isinstance(field, (EmailField, GenericIPAddressField, FileField, TextField)):
        return True
    return bool(_PERSONAL_NAME.search(field.name))


@dataclass(frozen=True)
class NotPersonal:
    """A field that looks personal but is not (a queue's name, a role's name), and why."""

    model: str
    field: str
    reason: str


def not_personal() -> set[tuple[str, str]]:
    return {
        (item.model.lower(), item.field)
        for module in _privacy_modules()
        for item in getattr(module, "NOT_PERSONAL", [])
    }


def concrete_fields() -> list[tuple[str, Field[Any, Any]]]:
    """(model label, field) for every stored field of every installed model."""
    return [
        (model._meta.label_lower, field)
        for model in apps.get_models(include_auto_created=True)
        for field in model._meta.concrete_fields
        if not field.primary_key
    ]


def undeclared_personal_fields(
    fields: Iterable[tuple[str, Field[Any, Any]]],
    *,
    declared: set[tuple[str, str]],
    exempt: set[tuple[str, str]],
) -> list[str]:
    """The personal-looking fields neither declared nor explained away, as "label.field"."""
    return sorted(
        f"{label}.{field.name}"
        for label, field in fields
        if looks_personal(field)
        and (label, field.name) not in declared
        and (label, field.name) not in exempt
    )


def undeclared_cookies(seen: dict[str, str]) -> dict[str, str]:
    """Of the cookies seen set (name → a path that set it), those no app declares."""
    declared = {cookie.name for cookie in cookies()}
    return {name: path for name, path in seen.items() if name not in declared}
