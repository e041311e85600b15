"""Changing identity data. Every change by a person records its audit event in the same
transaction; e-mails leave only once that transaction has committed."""

from __future__ import annotations

from functools import partial
from importlib import import_module

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django_otp import devices_for_user
from django_otp.plugins.otp_totp.models import TOTPDevice

from frontdesk.audit.services import audit_record
from frontdesk.core import clock, context, tenancy, tokens
from frontdesk.identity import emails, unlock
from frontdesk.identity import scopes as api_scopes
from frontdesk.identity.models import ApiToken, LoginAttempt, User
from frontdesk.identity.selectors import lockout_key, normalize_email, user_by_email
from frontdesk.vault import keyring

TEMPORARY_PASSWORD_BYTES = 15  # 20 URL-safe characters: above the 12-character minimum


class EmailTakenError(ValidationError):
    """The e-mail address already belongs to an account."""


# --- Logins -------------------------------------------------------------------------------


def login_attempt_record(*, user: User | None, outcome: str) -> LoginAttempt:
    """Record one login attempt with the client's address and browser (IN-12, IN-14).

    Not an audit event: attempts are made by people who are not (yet) actors, and a flood of
    failures must not lengthen the hash chain. It belongs to the account's business, or to
    the bound one for an address that matched no account.
    """
    ctx = context.current()
    organisation_id = user.organisation_id if user is not None else tenancy.business_id()
    attempt: LoginAttempt = LoginAttempt.objects.create(
        organisation_id=organisation_id,
        user=user,
        outcome=outcome,
        ip=ctx.ip,
        user_agent=ctx.user_agent[:300],
    )
    return attempt


@transaction.atomic
def login_succeeded(*, user: User) -> None:
    """A person proved their password: record the attempt and audit the sign-in. A sign-in
    from a network the account never signed in from before is e-mailed to its owner (FD-14),
    so someone else using their password does not go unnoticed."""
    attempt = login_attempt_record(user=user, outcome=LoginAttempt.Outcome.SUCCEEDED)
    audit_record(actor=user, action="identity.login.succeeded", target=user)
    if settings.FRONTDESK_NEW_NETWORK_NOTICE and _network_is_new(attempt):
        audit_record(actor=user, action="identity.login.new_network", target=user)
        transaction.on_commit(partial(emails.send_new_network_notice, attempt=attempt))


def _network_is_new(attempt: LoginAttempt) -> bool:
    """Whether the account signed in before, but never from this attempt's network."""
    if attempt.user_id is None or attempt.network_index is None:
        return False
    earlier = LoginAttempt.objects.filter(
        user_id=attempt.user_id, outcome=LoginAttempt.Outcome.SUCCEEDED
    ).exclude(pk=attempt.pk)
    if not earlier.exists():
        return False
    return not earlier.filter(network_index=attempt.network_index).exists()


@transaction.atomic
def logout_record(*, user: User) -> None:
    audit_record(actor=user, action="identity.logout", target=user)


# --- Accounts -----------------------------------------------------------------------------


def user_register(*, email: str, password: str, organisation_id: int | None = None) -> User:
    """A customer opens an account with an e-mail address and a password only (QM-9, QM-13).

    Raises `EmailTakenError` when the address is in use (its owner is told by e-mail; the
    caller shows a neutral message) and `ValidationError` for a password the rules refuse.
    The account belongs to `organisation_id`, by default the bound business: customers
    register with a business, never with the platform (whose accounts are the operators').
    """
    organisation_id = organisation_id or tenancy.business_id()
    if organisation_id is None:
        raise ValidationError("Accounts are opened with a business, not with the platform.")
    with tenancy.bound(tenancy.Tenant(organisation_id)):
        email = normalize_email(email)
        existing = user_by_email(email)
        if existing is not None:
            transaction.on_commit(partial(emails.send_registration_attempt, user=existing))
            raise EmailTakenError("This e-mail address cannot be registered.", code="email_taken")
        validate_password(password, user=User(email=email))
        try:
            return _customer_create(email=email, password=password)
        except IntegrityError as exc:  # registered at the same moment by another request
            raise EmailTakenError("This e-mail address cannot be registered.") from exc


@transaction.atomic
def _customer_create(*, email: str, password: str) -> User:
    user = User.objects.create_user(email=email, password=password)
    audit_record(actor=user, action="identity.account.registered", target=user)
    return user


@transaction.atomic
def staff_create(
    *, actor: User | None, email: str, full_name: str, organisation_id: int | None = None
) -> tuple[User, str]:
    """Create a staff account with a random temporary password, returned once so the
    administrator can hand it over. The account must change it at first login (QL-14) and
    enrol a second factor (FD-5). It belongs to `organisation_id`, by default the actor's
    business. Raises ValidationError when the e-mail is in use at that business."""
    if organisation_id is None and actor is not None:
        organisation_id = actor.organisation_id
    email = normalize_email(email)
    with tenancy.bound(tenancy.Tenant(organisation_id)):
        if user_by_email(email) is not None:
            raise ValidationError("An account with this e-mail address already exists.")
        temporary = tokens.new_token(TEMPORARY_PASSWORD_BYTES)
        user = User.objects.create_user(
            email=email,
            password=temporary,
            full_name=full_name.strip(),
            is_staff=True,
            must_change_password=True,
            organisation_id=organisation_id,
        )
        audit_record(actor=actor, action="identity.staff.created", target=user)
    return user, temporary


@transaction.atomic
def password_change(*, actor: User | None, user: User, new_password: str) -> None:
    """Set a new password (validated: 12 to 128 characters, not a common one; FD-5) and lift
    the forced change (QL-14). Other sessions of the user end, since their hash no longer
    matches; the caller keeps its own with `update_session_auth_hash`."""
    validate_password(new_password, user=user)
    user = User.objects.select_for_update().get(pk=user.pk)
    user.set_password(new_password)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    audit_record(actor=actor, action="identity.password.changed", target=user)


@transaction.atomic
def account_lock_record(*, user: User) -> None:
    """Audit that the account just locked, and e-mail its owner an unlock link (FD-4)."""
    token = unlock.unlock_token_issue(user.pk)
    audit_record(actor=None, action="identity.account.locked", target=user)
    transaction.on_commit(partial(emails.send_unlock_link, user=user, token=token))


@transaction.atomic
def account_unlock(*, actor: User | None, user: User, via: str = "administrator") -> None:
    """Lift the lockout of `user` at once (an administrator, or the owner's unlock link)."""
    key = lockout_key(user.email, user.organisation_id)
    axes_reset(username=key)
    unlock.lockout_notice_forget(key)
    audit_record(actor=actor, action="identity.account.unlocked", target=user, details={"via": via})


# --- Own profile and account state (QM-10, IN-16, QM-11) -----------------------------------


@transaction.atomic
def profile_update(*, actor: User, user: User, full_name: str, email: str | None = None) -> User:
    """Change the person's own name and, when `email` is given, their e-mail address (the
    caller has checked the current password for that). Raises `EmailTakenError` when the
    address belongs to another account. Audited with the names of the changed fields only:
    the audit log holds no personal data in the clear."""
    user = User.objects.select_for_update().get(pk=user.pk)
    changed: list[str] = []
    if full_name.strip() != user.full_name:
        user.full_name = full_name.strip()
        changed.append("full_name")
    new_email = normalize_email(email) if email is not None else user.email
    if new_email != user.email:
        if User.objects.with_email(new_email).exclude(pk=user.pk).exists():
            raise EmailTakenError("This e-mail address cannot be used.", code="email_taken")
        user.email = new_email
        changed.append("email")
    if changed:
        try:
            with transaction.atomic():
                user.save(update_fields=changed)
        except IntegrityError as exc:  # taken at the same moment by another request
            raise EmailTakenError("This e-mail address cannot be used.") from exc
        audit_record(
            actor=actor, action="identity.profile.changed", target=user, details={"fields": changed}
        )
    return user


@transaction.atomic
def account_deactivate(*, actor: User | None, user: User) -> User:
    """Put the account on hold: it can no longer sign in, its other sessions stop working
    (Django refuses inactive users), and nothing is sent to it any more (QM-11). Deactivating
    twice changes nothing more."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_active:
        user.is_active = False
        user.save(update_fields=["is_active"])
        audit_record(actor=actor, action="identity.account.deactivated", target=user)
    return user


@transaction.atomic
def account_reactivate(*, actor: User | None, user: User) -> User:
    """Lift the hold on an account (IN-23): it can sign in again. Reactivating an active
    account changes nothing more. An erased account (`is_erased`) cannot come back: it holds
    nobody's identity any more (`ValueError`)."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if is_erased(user):
        raise ValueError("An erased account cannot be reinstated.")
    if not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])
        audit_record(actor=actor, action="identity.account.reactivated", target=user)
    return user


# --- Erasure (FD-11) ------------------------------------------------------------------------

# A reserved top-level domain (RFC 2606): the placeholder is nobody's address, ever.
ERASED_DOMAIN = "erased.invalid"


def is_erased(user: User) -> bool:
    """Whether the account's identity was removed by `account_identity_remove`."""
    return str(user.email).endswith(f"@{ERASED_DOMAIN}")


def _sessions_end(user: User) -> int:
    """Delete the sessions signed in as `user` (they hold its id). The new unusable password
    already invalidates them (Django checks the password hash each request); deleting them
    also removes their data."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    ended = 0
    for session in Session.objects.filter(expire_date__gt=clock.now()).iterator():
        if str(session.get_decoded().get(SESSION_KEY)) == str(user.pk):
            store(session_key=session.session_key).delete()
            ended += 1
    return ended


def account_identity_remove(*, user: User) -> dict[str, int]:
    """Remove who the account is, keeping its row (records that refer to it stay valid):
    a placeholder e-mail address, no name, an unusable password, inactive; its second-factor
    devices, API tokens, sessions and failed-login records deleted. Returns counts per kind.

    A step of `frontdesk.privacy.erasure.account_erase`, which runs it inside its transaction
    and records the one audit event of the erasure; call it only from there.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    address = user.email
    counts = {
        "otp_devices": _devices_delete(user),
        "api_tokens": ApiToken.objects.filter(user=user).delete()[0],
        "sessions": _sessions_end(user),
        "failed_logins": sum(
            model.objects.filter(username=lockout_key(address, user.organisation_id)).delete()[0]
            for model in (AccessAttempt, AccessFailureLog, AccessLog)
        ),
    }
    # The person's data key goes once the erasure commits: whatever was sealed with it (in this
    # database, its copies and its backups) can never be read again (FD-2). The placeholder
    # below is sealed with a fresh key.
    if user.vault_key is not None:
        transaction.on_commit(partial(keyring.key_destroy, [user.vault_key]))
        counts["data_keys"] = 1
    user.vault_key = None
    user.email = f"erased-{user.pk}@{ERASED_DOMAIN}"
    user.full_name = ""
    user.set_unusable_password()
    user.is_active = False
    user.save(update_fields=["email", "full_name", "password", "is_active", "vault_key"])
    unlock.lockout_notice_forget(address)
    return counts


def _devices_delete(user: User) -> int:
    devices = list(devices_for_user(user, confirmed=None))
    for device in devices:
        device.delete()
    return len(devices)


# --- Second factor ------------------------------------------------------------------------


@transaction.atomic
def otp_device_prepare(*, user: User) -> TOTPDevice:
    """The authenticator being enrolled: the pending one, or a new one with a fresh secret.

    Not audited: an unconfirmed device changes nothing about how the account signs in; the
    enrolment is audited when the first code confirms it.
    """
    pending = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if pending is not None:
        return pending
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


@transaction.atomic
def otp_enrol_confirm(*, actor: User, device: TOTPDevice) -> TOTPDevice:
    """Confirm a device whose first code was right; other pending devices are dropped."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user_id=device.user_id, confirmed=False).delete()
    audit_record(actor=actor, action="identity.otp.enrolled", target=device.user)
    return device


@transaction.atomic
def otp_reset(*, actor: User | None, user: User) -> None:
    """Remove every second-factor device of `user` (a lost phone). Staff must enrol again at
    their next request; sessions verified by the removed devices lose that verification."""
    for device in devices_for_user(user, confirmed=None):
        device.delete()
    audit_record(actor=actor, action="identity.otp.reset", target=user)


# --- API tokens ---------------------------------------------------------------------------


@transaction.atomic
def apitoken_create(
    *, actor: User, user: User, name: str, scopes: list[str]
) -> tuple[ApiToken, str]:
    """Create a token for `user`; returns it with its plaintext, which is never stored and
    cannot be shown again. Raises ValueError for unknown scopes."""
    plaintext = tokens.new_token(32)
    token = ApiToken.objects.create(
        user=user,
        name=name.strip()[:80] or "API token",
        prefix=plaintext[: ApiToken.PREFIX_LENGTH],
        token_hash=tokens.digest(plaintext),
        scopes=api_scopes.validate(scopes),
    )
    audit_record(
        actor=actor,
        action="identity.apitoken.created",
        target=token,
        details={"user_id": user.pk, "scopes": token.scopes},
    )
    return token, plaintext


@transaction.atomic
def apitoken_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    """Revoke a token for good; revoking twice changes nothing more."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = clock.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            actor=actor,
            action="identity.apitoken.revoked",
            target=token,
            details={"user_id": token.user_id},
        )
    return token


def apitoken_touch(*, token: ApiToken) -> None:
    """Note when a token was last used (bookkeeping, not audited)."""
    now = clock.now()
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now
