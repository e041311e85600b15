"""Users and what is recorded about their logins."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models

from frontdesk.core import clock, tenancy
from frontdesk.vault.fields import (
    BlindIndexField,
    SealedCharField,
    SealedEmailField,
    SealedIPAddressField,
)
from frontdesk.vault.sealed import ScopedSealedManager, SealedModel, SealedQuerySet


class UserManager(tenancy.BusinessScoped["User"], BaseUserManager["User"]):
    """Accounts of the bound business (see `core.tenancy`): the same address at two businesses
    is two accounts, and a session or token of one business is nobody at another."""

    use_in_migrations = True

    def get_queryset(self) -> SealedQuerySet[User]:
        return tenancy.scope(SealedQuerySet(self.model, using=self._db), "organisation")  # type: ignore[return-value]

    def unscoped(self) -> SealedQuerySet[User]:
        return SealedQuerySet(self.model, using=self._db)

    def with_email(self, email: str) -> SealedQuerySet[User]:
        """The account with this e-mail address (any case) at the bound business, found by
        its blind index."""
        return self.get_queryset().matching(email=email)

    def get_by_natural_key(self, username: str | None) -> User:
        return self.with_email(username or "").get()

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        if "organisation" not in extra:
            # an account opened inside a business belongs to it; outside one, to the platform
            extra.setdefault("organisation_id", tenancy.business_id())
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin, SealedModel):
    """A person who signs in: a customer (registered themselves) or staff (created for them).

    Staff accounts start with `must_change_password` and must enrol a second factor (QL-14,
    FD-5). Every user has their own login (QL-11). The e-mail address and name are sealed
    with the person's own data key (FD-2); the account is found by the e-mail's blind index.

    An account belongs to one business (`organisation`), like a realm's user in Keycloak: the
    same address at two businesses is two accounts, two passwords and two data subjects.
    Platform operators' accounts belong to no business and sign in on the platform host only.
    """

    VAULT_SUBJECT = "self"
    BUSINESS_SCOPE = "organisation"

    organisation = models.ForeignKey(
        "access.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    email = SealedEmailField(max_length=254)
    email_index = BlindIndexField(source="email", domain="email")
    full_name = SealedCharField(max_length=150, blank=True)
    is_staff = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    must_change_password = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=clock.now)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        ordering = ("date_joined", "pk")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            *tenancy.unique_per_business(
                "email_index", name="user_email_per_business", platform_name="operator_email_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or f"user {self.pk}"


class LoginAttempt(SealedModel):
    """Every login attempt: when, from where, with what browser, and how it ended.

    The address and browser are sealed with the account's key (a key of the attempt's own when
    the e-mail matched no account); `network_index` tells a sign-in from a network the account
    never used before (FD-14) without keeping the network in the clear."""

    VAULT_SUBJECT = "user"
    BUSINESS_SCOPE = "organisation"

    class Outcome(models.TextChoices):
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Wrong e-mail or password"
        LOCKED = "locked", "Refused: account locked"
        THROTTLED = "throttled", "Refused: too many attempts from this address"
        OTP_FAILED = "otp_failed", "Wrong second-factor code"

    # Where the attempt was made (an attempt on an unknown address has no account).
    organisation = tenancy.business_key()
    user = models.ForeignKey(
        "identity.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now, db_index=True)
    ip = SealedIPAddressField(null=True, blank=True)
    network_index = BlindIndexField(source="ip", domain="network", transform="network")
    user_agent = SealedCharField(max_length=300, blank=True)
    outcome = models.CharField(max_length=16, choices=Outcome.choices)

    objects = ScopedSealedManager()

    class Meta:
        ordering = ("-created_at",)
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["user", "network_index"]),
            # an account's recent sign-ins: its history page and misuse detection's window
            models.Index(fields=["user", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.outcome} at {self.created_at:%Y-%m-%d %H:%M}"


class ApiToken(models.Model):
    """A scoped credential for an integration, belonging to one user.

    Only a keyed digest of the token is stored (`core.tokens.digest`); the plaintext is shown
    once, at creation. `prefix` (its first characters) finds the row without scanning every
    digest. A revoked token stays, for the record, and never authenticates again.
    """

    PREFIX_LENGTH = 8
    BUSINESS_SCOPE = "user__organisation"

    user = models.ForeignKey("identity.User", on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=80)
    prefix = models.CharField(max_length=PREFIX_LENGTH, db_index=True)
    token_hash = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField(default=list)
    created_at = models.DateTimeField(default=clock.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = tenancy.BusinessManager["ApiToken"]()

    class Meta:
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
