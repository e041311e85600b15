"""Data-subject requests (FD-9): received, moved through their states by the person or by
staff, every change audited in its own transaction; e-mails leave only after the commit.
Each request belongs to the business of the account it is about (FD-16).

A download ("access") request proves the person's identity twice: the view checks the
password, then `access_request_verify` checks a 6-digit code e-mailed to the account's
address (IN-21). Only then is the export link issued: an opaque token, stored as a digest,
valid for `EXPORT_HOURS` and only for that person.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta
from functools import partial

from django.db import transaction
from django.db.models import F

from frontdesk.audit.services import audit_record
from frontdesk.core import clock, tokens
from frontdesk.identity import services as identity
from frontdesk.identity.models import User
from frontdesk.identity.selectors import user_by_email
from frontdesk.privacy import emails, erasure
from frontdesk.privacy.models import PrivacyRequest
from frontdesk.privacy.states import OPEN_STATES, InvalidTransitionError, State, check_move

CODE_MINUTES = 15
CODE_MAX_ATTEMPTS = 5
EXPORT_HOURS = 24
TOO_MANY_CODES = "Too many wrong identity codes: ask for a new download."

Kind = PrivacyRequest.Kind


@transaction.atomic
def privacy_request_create(
    *, actor: User | None, user: User, kind: str, details: str = ""
) -> PrivacyRequest:
    """Record a request about `user`'s data, received now and due one month later. It is
    made to the business the account belongs to (its controller), whose staff alone handle it
    (FD-16)."""
    now = clock.now()
    request = PrivacyRequest.objects.create(
        organisation_id=user.organisation_id,
        user=user,
        kind=Kind(kind),
        created_at=now,
        due_at=PrivacyRequest.due_for(now),
        details=details.strip(),
    )
    audit_record(
        actor=actor,
        action="privacy.request.received",
        target=request,
        details={"kind": request.kind, "user_id": user.pk},
    )
    return request


def _move(
    *, actor: User | None, request: PrivacyRequest, state: str, reason: str = ""
) -> PrivacyRequest:
    """Lock the request, validate and apply the move, audit it (callers are atomic)."""
    locked = PrivacyRequest.objects.select_for_update().get(pk=request.pk)
    locked.set_state(state, reason=reason)
    if actor is not None and actor.pk != locked.user_id:
        locked.handled_by = actor
    locked.save()
    audit_record(
        actor=actor,
        action=f"privacy.request.{state}",
        target=locked,
        details={"kind": locked.kind, "user_id": locked.user_id},
    )
    return locked


@transaction.atomic
def privacy_request_start(*, actor: User, request: PrivacyRequest) -> PrivacyRequest:
    """Staff take the request in hand. Raises `InvalidTransitionError` when it is closed."""
    return _move(actor=actor, request=request, state=State.IN_PROGRESS)


@transaction.atomic
def privacy_request_complete(*, actor: User, request: PrivacyRequest) -> PrivacyRequest:
    """Staff mark the request done. An erasure request erases the person first
    (`erasure.account_erase`: FD-11); the request stays, as proof it was handled, its free
    text blanked with the rest of their data. A reinstatement request reactivates the account
    and tells the person by e-mail (IN-23). All in one transaction: if the work fails, the
    request is not done. Raises `InvalidTransitionError` for a closed request, or for
    reinstating an erased account."""
    locked = PrivacyRequest.objects.select_for_update().get(pk=request.pk)
    check_move(locked.state, State.DONE)  # before any work: a closed request does nothing
    if locked.kind == Kind.ERASURE:
        erasure.account_erase(actor=actor, user=locked.user)
    elif locked.kind == Kind.REINSTATEMENT:
        _reinstate(actor=actor, user=locked.user)
    return _move(actor=actor, request=locked, state=State.DONE)


REINSTATED_SUBJECT = "Your account is active again"
REINSTATED_BODY = (
    "As you asked, your account has been reinstated: you can sign in again with your e-mail "
    "address and password.\n\nIf you did not ask for this, reply to this e-mail."
)


def _reinstate(*, actor: User, user: User) -> None:
    """Reactivate the account (audited by identity) and e-mail its owner after the commit."""
    if identity.is_erased(user):
        raise InvalidTransitionError("An erased account cannot be reinstated.")
    user = identity.account_reactivate(actor=actor, user=user)
    transaction.on_commit(
        partial(
            emails.send_from,
            user.organisation,
            subject=REINSTATED_SUBJECT,
            body=REINSTATED_BODY,
            to=user.email,
        )
    )


@transaction.atomic
def privacy_request_refuse(
    *, actor: User | None, request: PrivacyRequest, reason: str
) -> PrivacyRequest:
    """Refuse the request, saying why (`ValueError` without a reason)."""
    return _move(actor=actor, request=request, state=State.REFUSED, reason=reason)


@transaction.atomic
def privacy_request_read(*, actor: User, request: PrivacyRequest) -> PrivacyRequest:
    """Staff open a request's details (the person's name, address, free text): recorded."""
    audit_record(
        actor=actor,
        action="privacy.request.viewed",
        target=request,
        details={"user_id": request.user_id},
    )
    return request


# --- Download my data (IN-21) -------------------------------------------------------------


def _new_code() -> str:
    return f"{secrets.randbelow(10**6):06d}"


@transaction.atomic
def access_request_start(*, actor: User) -> PrivacyRequest:
    """The person (password already checked) asks for their data: their open, unverified
    download request gets a fresh code, or a new one is created; the code is e-mailed to the
    account's address once the transaction commits."""
    request = (
        PrivacyRequest.objects.select_for_update()
        .filter(user=actor, kind=Kind.ACCESS, state=State.RECEIVED)
        .order_by("-created_at")
        .first()
    )
    if request is None:
        request = privacy_request_create(actor=actor, user=actor, kind=Kind.ACCESS)
    code = _new_code()
    request.code_hash = tokens.digest(code)
    request.code_expires_at = clock.now() + timedelta(minutes=CODE_MINUTES)
    request.code_attempts = 0
    request.save(update_fields=["code_hash", "code_expires_at", "code_attempts"])
    audit_record(actor=actor, action="privacy.request.code_sent", target=request)
    transaction.on_commit(
        partial(emails.send_identity_code, user=actor, code=code, minutes=CODE_MINUTES)
    )
    return request


@dataclass(frozen=True)
class Verification:
    """The outcome of entering a code: the export token (shown once), or why not."""

    token: str = ""
    error: str = ""

    @property
    def verified(self) -> bool:
        return bool(self.token)


@transaction.atomic
def access_request_verify(*, actor: User, request: PrivacyRequest, code: str) -> Verification:
    """Check the e-mailed code. Right: the identity is verified, the export is ready at once
    (done), and its link token is returned. Wrong or expired: nothing is exported; after
    `CODE_MAX_ATTEMPTS` wrong codes the request is refused and a new one must be made."""
    locked = PrivacyRequest.objects.select_for_update().get(pk=request.pk, user=actor)
    if locked.state != State.RECEIVED or not locked.code_hash:
        return Verification(error="This request is no longer waiting for a code.")
    if locked.code_expires_at is None or locked.code_expires_at < clock.now():
        return Verification(error="The code has expired: ask for a new one.")
    if not tokens.same(locked.code_hash, tokens.digest(code.strip())):
        return _wrong_code(actor=actor, request=locked)
    _move(actor=actor, request=locked, state=State.IDENTITY_VERIFIED)
    token = tokens.new_token(32)
    done = _move(actor=actor, request=locked, state=State.DONE)
    done.code_hash = ""
    done.export_token_hash = tokens.digest(token)
    done.export_expires_at = clock.now() + timedelta(hours=EXPORT_HOURS)
    done.save(update_fields=["code_hash", "export_token_hash", "export_expires_at"])
    return Verification(token=token)


def _wrong_code(*, actor: User, request: PrivacyRequest) -> Verification:
    PrivacyRequest.objects.filter(pk=request.pk).update(code_attempts=F("code_attempts") + 1)
    request.refresh_from_db(fields=["code_attempts"])
    if request.code_attempts < CODE_MAX_ATTEMPTS:
        return Verification(error="That code was not right.")
    refused = _move(actor=actor, request=request, state=State.REFUSED, reason=TOO_MANY_CODES)
    PrivacyRequest.objects.filter(pk=refused.pk).update(code_hash="")
    return Verification(error=TOO_MANY_CODES)


@transaction.atomic
def export_opened(*, actor: User, request: PrivacyRequest, fmt: str) -> None:
    """Record that the person opened their export (`fmt`: "html" or "json")."""
    audit_record(
        actor=actor, action="privacy.export.downloaded", target=request, details={"format": fmt}
    )


# --- Reinstatement (IN-23) ----------------------------------------------------------------


@transaction.atomic
def reinstatement_request(*, email: str, details: str = "") -> PrivacyRequest | None:
    """Someone asks for an account on hold to be reinstated. A request is recorded only for
    an existing, inactive account without an open reinstatement request; the caller answers
    the same whatever happened, so the form tells nobody whether an address has an account."""
    user = user_by_email(email)
    if user is None or user.is_active:
        return None
    if PrivacyRequest.objects.filter(
        user=user, kind=Kind.REINSTATEMENT, state__in=OPEN_STATES
    ).exists():
        return None
    return privacy_request_create(actor=None, user=user, kind=Kind.REINSTATEMENT, details=details)
