"""What of production's data may leave it, in an anonymised copy for development (QL-3).

Every field declared as personal data (`frontdesk.core.declarations`) is replaced by a fake
value of the same shape (`declared_replacements`). On top, `COPY_RULES` in an app's
`privacy.py` may drop a model's rows (`Drop`: credentials, sessions, lockout counters), replace
further fields (`Replace`: a password hash), or transform rows its own way (the audit log
re-chains itself). The copy's own test searches it for every personal value the suite planted.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db.models import Field, Model

from frontdesk.core.declarations import personal_data

Replacement = Callable[[Model], Any]


@dataclass(frozen=True)
class Rule:
    """What happens to the rows of one model (`app_label.ModelName`) in an anonymised copy."""

    model: str
    ordering: tuple[str, ...] = ("pk",)

    def transform(self, rows: Iterable[Model]) -> Iterator[Model]:
        yield from rows


@dataclass(frozen=True)
class Drop(Rule):
    """No row of this model leaves production."""

    def transform(self, rows: Iterable[Model]) -> Iterator[Model]:
        return iter(())


@dataclass(frozen=True)
class Replace(Rule):
    """Each named field is replaced by a function of the row; other fields are kept."""

    fields: dict[str, Replacement] = field(default_factory=dict)

    def transform(self, rows: Iterable[Model]) -> Iterator[Model]:
        for row in rows:
            for name, replacement in self.fields.items():
                setattr(row, name, replacement(row))
            yield row


def fake_phone(row: Model) -> str:
    """A number in no country's plan (+999), unique per row: never a real person's phone."""
    return f"+999{int(row.pk):09d}"


def _fake_for(category: str, field: Field[Any, Any]) -> Replacement:
    """A fake value of the field's shape: unique where the real one was, empty stays empty."""
    name = field.name

    def keep_empty(fake: Callable[[Model], Any]) -> Replacement:
        return lambda row: fake(row) if getattr(row, name) else getattr(row, name)

    if category == "contact.email":
        return keep_empty(lambda row: f"person{row.pk}@example.invalid")
    if category == "contact.name":
        return keep_empty(lambda row: f"Person {row.pk}")
    if category == "contact.phone":
        return keep_empty(fake_phone)
    if field.null:
        return lambda row: None
    return lambda row: ""


def declared_replacements(model: type[Model]) -> dict[str, Replacement]:
    """A fake-value function for every declared personal field of `model`."""
    label = model._meta.label_lower
    return {
        name: _fake_for(item.category, model._meta.get_field(name))  # type: ignore[arg-type]
        for item in personal_data()
        if item.model.lower() == label
        for name in item.fields
    }


def copy_rules() -> dict[str, Rule]:
    """Every app's declared rules, by model label (lower case)."""
    rules: dict[str, Rule] = {}
    for config in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{config.name}.privacy")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.privacy":
                raise
            continue
        for rule in getattr(module, "COPY_RULES", []):
            rules[rule.model.lower()] = rule
    return rules
