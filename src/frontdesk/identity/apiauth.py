"""How API callers authenticate: the browser session (with its CSRF token, QL-5) or, for
integrations, a scoped API token. Pass `API_AUTH` as `auth=` on every staff endpoint and call
`require_scope` in endpoints so tokens can do only what their scopes allow."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import SessionAuth

# API token scopes (an integration's token carries a subset).
SCOPES: dict[str, str] = {
    "queues:read": "Read queues, waiting lists and reports",
    "queues:write": "Summon, mark, add and remove customers; open and close queues",
    "account:read": "Read the token owner's own account",
}

API_AUTH = [SessionAuth(csrf=True)]


def require_scope(request: HttpRequest, scope: str) -> None:
    """Refuse (403) a token-authenticated call whose token lacks `scope`; sessions pass."""
    token = getattr(request, "api_token", None)
    if token is not None and scope not in token.scopes:
        raise HttpError(403, f"This API token lacks the scope {scope!r}.")
