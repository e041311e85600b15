"""Data-subject requests (FD-9): access, correction, erasure, reinstatement."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import models

from frontdesk.core import clock, tenancy
from frontdesk.privacy.states import FINAL_STATES, State, check_move
from frontdesk.vault.fields import SealedTextField
from frontdesk.vault.sealed import SealedModel, SealedQuerySet

# A data-subject request must be answered within one month (GDPR art. 12(3)).
RESPONSE_DAYS = 30


class PrivacyRequestManager(
    tenancy.BusinessScoped["PrivacyRequest"], models.Manager["PrivacyRequest"]
):
    """Requests of the bound business only (`core.tenancy`), their sealed values opened as
    `vault.sealed.SealedManager` opens them (its queryset)."""

    _queryset_class = SealedQuerySet


class PrivacyRequest(SealedModel):
    """One request of a person about their data, tracked through its states (`states.py`).

    Rules: it changes state only through `set_state` (which validates the move and stamps
    `closed_at` when it ends); it is due one month after it was received; a refusal carries
    its reason. A download ("access") request also holds the digest of the e-mailed identity
    code and, once verified, the digest of the opaque token of its export link — never the
    plain values.

    A request is made to one business (FD-16), the controller of the account it is about: only
    that business's staff see it and answer it (`objects` is scoped to the bound business).
    """

    VAULT_SUBJECT = "user"
    BUSINESS_SCOPE = "organisation"

    class Kind(models.TextChoices):
        ACCESS = "access", "Download my data"
        CORRECTION = "correction", "Correction"
        ERASURE = "erasure", "Erasure"
        REINSTATEMENT = "reinstatement", "Reinstatement"

    # The business the account belongs to (None: a platform operator's own account).
    organisation = tenancy.business_key(on_delete=models.PROTECT)
    user = models.ForeignKey(
        "identity.User", on_delete=models.PROTECT, related_name="privacy_requests"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    state = models.CharField(max_length=20, choices=State.choices, default=State.RECEIVED)
    created_at = models.DateTimeField(default=clock.now, db_index=True)
    due_at = models.DateTimeField(db_index=True)
    details = SealedTextField(blank=True)
    refusal_reason = SealedTextField(blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        "identity.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    code_hash = models.CharField(max_length=64, blank=True)
    code_expires_at = models.DateTimeField(null=True, blank=True)
    code_attempts = models.PositiveSmallIntegerField(default=0)
    export_token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    export_expires_at = models.DateTimeField(null=True, blank=True)

    objects = PrivacyRequestManager()

    class Meta:
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"{self.get_kind_display()} request {self.pk}"

    @staticmethod
    def due_for(received_at: datetime) -> datetime:
        """When a request received at `received_at` must be answered: one month later."""
        return received_at + timedelta(days=RESPONSE_DAYS)

    @property
    def is_open(self) -> bool:
        return self.state not in FINAL_STATES

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_at < clock.now()

    def set_state(self, target: str, *, reason: str = "") -> None:
        """Move to `target` (not saved). Raises `InvalidTransitionError` for a move the table
        does not allow, and `ValueError` for a refusal without a reason."""
        check_move(self.state, target)
        if target == State.REFUSED and not reason.strip():
            raise ValueError("A refusal needs a reason.")
        self.state = target
        if target == State.REFUSED:
            self.refusal_reason = reason.strip()
        if target in FINAL_STATES:
            self.closed_at = clock.now()
