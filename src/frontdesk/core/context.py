"""What the current request is: its id and client address, for audit events and logs.

Kept in context variables set by `RequestContextMiddleware`, so services deep below the view
(the audit recorder above all) know where an action came from without being handed a request.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    request_id: str = ""
    ip: str | None = None
    user_agent: str = ""


_OUTSIDE_A_REQUEST = RequestContext()
_current: contextvars.ContextVar[RequestContext] = contextvars.ContextVar("frontdesk_request")


def current() -> RequestContext:
    return _current.get(_OUTSIDE_A_REQUEST)


@contextmanager
def bound(ctx: RequestContext) -> Iterator[RequestContext]:
    token = _current.set(ctx)
    try:
        yield ctx
    finally:
        _current.reset(token)
