"""JSON API of the identity app (mounted by frontdesk.config.api at /api/account/)."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from frontdesk.identity import services
from frontdesk.identity.apiauth import API_AUTH, SESSION_AUTH, require_scope
from frontdesk.identity.models import ApiToken, User

router = Router(tags=["identity"])


class MeOut(Schema):
    id: int
    email: str
    full_name: str
    is_staff: bool
    must_change_password: bool


class TokenIn(Schema):
    name: str
    scopes: list[str]


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    scopes: list[str]
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class NewTokenOut(TokenOut):
    token: str


def _user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise HttpError(401, "Unauthorized")
    return user


@router.get("/me", auth=API_AUTH, response=MeOut)
def me(request: HttpRequest) -> User:
    """The caller's own account."""
    require_scope(request, "account:read")
    return _user(request)


@router.post("/tokens", auth=SESSION_AUTH, response={201: NewTokenOut})
def token_create(request: HttpRequest, payload: TokenIn) -> Status[NewTokenOut]:
    """Create an API token for the signed-in staff member (browser session with CSRF token
    only: a token cannot mint tokens). The plaintext is in this response and nowhere else."""
    user = _user(request)
    if not user.is_staff:
        raise HttpError(403, "Only staff can create API tokens.")
    try:
        token, plaintext = services.apitoken_create(
            actor=user, user=user, name=payload.name, scopes=payload.scopes
        )
    except ValueError as exc:
        raise HttpError(422, str(exc)) from exc
    return Status(201, NewTokenOut(**TokenOut.model_validate(token).model_dump(), token=plaintext))


@router.delete("/tokens/{token_id}", auth=SESSION_AUTH, response={204: None})
def token_revoke(request: HttpRequest, token_id: int) -> Status[None]:
    """Revoke one of the caller's own tokens."""
    user = _user(request)
    token = get_object_or_404(ApiToken, pk=token_id, user=user)
    services.apitoken_revoke(actor=user, token=token)
    return Status(204, None)
