"""How each app's `privacy.py` says what of its data may leave production, and how.

`COPY_RULES` in an app's `privacy.py` lists, per model, whether an anonymised copy for
development (QL-3) drops its rows (`Drop`: secrets, sessions, lockout counters) or replaces its
personal fields (`Replace`: each field with a function of the row). Models without a rule are
copied as they are, so a model that holds personal data must have one; the copy's own test
searches it for every personal value the suite planted.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db.models import Model

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


def blank(row: Model) -> str:
    return ""


def nothing(row: Model) -> None:
    return None


def fake_phone(row: Model) -> str:
    """A number in no country's plan (+999), unique per row: never a real person's phone."""
    return f"+999{int(row.pk):09d}"


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
