"""How API callers authenticate: the browser session (with its CSRF token, QL-5) or, for
integrations, a scoped API token. Pass `API_AUTH` as `auth=` on every staff endpoint and call
`require_scope` in endpoints so tokens can do only what their scopes allow."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.errors import AuthenticationError, HttpError
from ninja.security import HttpBearer, SessionAuth

from frontdesk.identity import services
from frontdesk.identity.scopes import SCOPES
from frontdesk.identity.selectors import apitoken_find

__all__ = ["API_AUTH", "SCOPES", "SESSION_AUTH", "TokenAuth", "require_scope"]


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>`. A request that presents a token is judged by that
    token alone: a wrong or revoked one is refused (401) rather than tried as a session."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        api_token = apitoken_find(token.strip())
        if api_token is None or not api_token.user.is_active:
            raise AuthenticationError
        if api_token.user.must_change_password:
            raise HttpError(403, "Password change required")
        services.apitoken_touch(token=api_token)
        request.user = api_token.user
        request.api_token = api_token  # type: ignore[attr-defined]
        return api_token.user


SESSION_AUTH = SessionAuth(csrf=True)
API_AUTH = [TokenAuth(), SESSION_AUTH]


def require_scope(request: HttpRequest, scope: str) -> None:
    """Refuse (403) a token-authenticated call whose token lacks `scope`; sessions pass."""
    token = getattr(request, "api_token", None)
    if token is not None and scope not in token.scopes:
        raise HttpError(403, f"This API token lacks the scope {scope!r}.")
