"""Scopes a grant can sit on, and how a resource names the scopes that contain it.

A resource lists its scopes from the most specific to the organisation: a queue is
`[queue, its location, its organisation]` (QL-15). A grant on any of them applies.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable

ORGANISATION = "organisation"
LOCATION = "location"


@dataclass(frozen=True)
class Scope:
    kind: str
    id: int


@runtime_checkable
class Scoped(Protocol):
    def access_scopes(self) -> list[Scope]: ...
