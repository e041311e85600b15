"""How API callers authenticate: the browser session (with its CSRF token, QL-5) or, for
integrations, a scoped API token. Pass `API_AUTH` as `auth=` on every staff endpoint."""

from __future__ import annotations

from ninja.security import SessionAuth

API_AUTH = [SessionAuth(csrf=True)]
