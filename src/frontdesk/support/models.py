"""Support teams, the tickets customers open with them, their messages and attachments, and
customer feedback.

Personal data is sealed (FD-2). A ticket, its messages and its attachments are sealed with the
requester's key when they are signed in, and with a key of the ticket's own when they wrote
through the public form; that key is destroyed with the ticket's details after the grace period
(see `retention`), so copies in old backups become unreadable too (IN-4, IN-5, JF-7).
"""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import ClassVar

from django.db import models

from frontdesk.access.scopes import ORGANISATION, Scope
from frontdesk.core import clock, tenancy
from frontdesk.support.states import TicketState, check_move
from frontdesk.vault.fields import (
    BlindIndexField,
    SealedCharField,
    SealedEmailField,
    SealedTextField,
)
from frontdesk.vault.sealed import ScopedSealedManager, SealedManager, SealedModel

TEAM = "support_team"  # the scope kind of a grant on one support team (IN-19: need-to-know)


def new_follow_token() -> str:
    """The token of a public request's follow link: random, lower-case hex (its blind index
    compares in lower case)."""
    return secrets.token_hex(24)


class Team(models.Model):
    """A support team (a helpdesk queue) of an organisation.

    Rules: staff see the tickets of the teams they hold a grant on (or of their whole
    organisation), nothing else (IN-19); only teams that `accepts_requests` are offered to
    customers on the request and feedback forms.
    """

    BUSINESS_SCOPE = "organisation"

    organisation = models.ForeignKey(
        "access.Organisation", on_delete=models.PROTECT, related_name="support_teams"
    )
    name = models.CharField(max_length=120)
    slug = models.SlugField()
    accepts_requests = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=clock.now)

    objects = tenancy.BusinessManager["Team"]()

    class Meta:
        ordering = ("organisation__name", "name")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["organisation", "slug"], name="team_slug_per_org")
        ]

    def __str__(self) -> str:
        return self.name

    def access_scopes(self) -> list[Scope]:
        return [Scope(TEAM, self.pk), Scope(ORGANISATION, self.organisation_id)]


class Ticket(SealedModel):
    """One support request.

    Rules: the state changes only through `set_state` (see `states.TRANSITIONS`); a request
    from the public form has no requester account but a contact name and e-mail address, and
    is followed through a link whose token is sealed and found by its blind index; resolving
    starts the grace period after which the details are destroyed, unless staff suspect fraud
    (IN-13). `contact_email_index` finds the public requests of one address (a person without
    an account asking for their data).
    """

    State = TicketState
    VAULT_SUBJECT = "requester"  # a public request has a key of its own
    BUSINESS_SCOPE = "organisation"

    organisation = models.ForeignKey(
        "access.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="tickets")
    requester = models.ForeignKey(
        "identity.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The token of the follow link of a public request: sealed like the rest, found by its
    # blind index, so later e-mails can carry the link again; gone with the details.
    follow_token = SealedCharField(max_length=64, blank=True)
    follow_token_index = BlindIndexField(
        source="follow_token", domain="support-follow", unique=True
    )
    contact_name = SealedCharField(max_length=120, blank=True)
    contact_email = SealedEmailField(max_length=254, blank=True)
    contact_email_index = BlindIndexField(source="contact_email", domain="email")
    subject = SealedCharField(max_length=200, blank=True)
    purchase_reference = SealedCharField(max_length=120, blank=True)
    state = models.CharField(max_length=16, choices=State.choices, default=State.OPEN)
    created_at = models.DateTimeField(default=clock.now)
    updated_at = models.DateTimeField(default=clock.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    fraud_suspected_at = models.DateTimeField(null=True, blank=True)
    fraud_reason = SealedTextField(blank=True)
    fraud_marked_by = models.ForeignKey(
        "identity.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    discarded_at = models.DateTimeField(null=True, blank=True)

    objects: ClassVar[SealedManager[Ticket]] = ScopedSealedManager()

    class Meta:
        ordering = ("-updated_at", "-pk")
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["team", "state", "updated_at"]),
            models.Index(fields=["state", "resolved_at"]),
            models.Index(fields=["requester", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"Request #{self.pk}"

    def access_scopes(self) -> list[Scope]:
        """A ticket is governed by its team's grants (load it with select_related("team"))."""
        return self.team.access_scopes()

    @property
    def reference(self) -> str:
        return f"#{self.pk}"

    @property
    def is_public(self) -> bool:
        return self.requester_id is None

    @property
    def is_closed(self) -> bool:
        return self.state == TicketState.CLOSED

    def set_state(self, target: str, *, at: datetime) -> None:
        """Move to `target`; raise `InvalidTransitionError` (unchanged) if not allowed. The
        caller saves (holding the row lock). Resolving starts the grace period; reopening stops
        it."""
        check_move(self.state, target)
        self.state = target
        self.updated_at = at
        if target == TicketState.RESOLVED:
            self.resolved_at = at
        elif target == TicketState.OPEN:
            self.resolved_at = None
        elif target == TicketState.CLOSED:
            self.closed_at = at


class Message(SealedModel):
    """One message of a ticket's conversation, from the customer or from staff."""

    VAULT_SUBJECT = "ticket"  # the ticket's key: the requester's, or the ticket's own
    BUSINESS_SCOPE = "ticket__organisation"

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="messages")
    # The staff member or signed-in customer who wrote it; None for a public requester.
    author = models.ForeignKey(
        "identity.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_staff = models.BooleanField(default=False)
    body = SealedTextField()
    created_at = models.DateTimeField(default=clock.now)

    objects: ClassVar[SealedManager[Message]] = ScopedSealedManager()

    class Meta:
        ordering = ("created_at", "pk")

    def __str__(self) -> str:
        return f"Message {self.pk} on request {self.ticket_id}"


class Attachment(SealedModel):
    """A diagnostic report or a proof of purchase the customer approved, exactly as they saw it.

    Rules: a row exists only once the customer approved the exact contents on the preview page
    (IN-4): nothing of an upload is stored before; staff read it only with the capability for
    it, and every read is audited (IN-19); it is destroyed with the ticket's details.
    """

    class Kind(models.TextChoices):
        DIAGNOSTIC = "diagnostic", "Diagnostic report"
        PROOF_OF_PURCHASE = "proof_of_purchase", "Proof of purchase"

    VAULT_SUBJECT = "ticket"
    BUSINESS_SCOPE = "ticket__organisation"

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(max_length=24, choices=Kind.choices)
    filename = SealedCharField(max_length=120, blank=True)  # "" when typed into the form
    content = SealedTextField()
    size = models.PositiveIntegerField()  # bytes of the UTF-8 text
    approved_at = models.DateTimeField(default=clock.now)
    added_by = models.ForeignKey(
        "identity.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects: ClassVar[SealedManager[Attachment]] = ScopedSealedManager()

    class Meta:
        ordering = ("approved_at", "pk")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk} of request {self.ticket_id}"

    def access_scopes(self) -> list[Scope]:
        """Governed by its ticket's team (load it with select_related("ticket__team"))."""
        return self.ticket.access_scopes()

    def audit_organisation_id(self) -> int:
        return self.ticket.organisation_id


class Feedback(SealedModel):
    """A suggestion sent through the feedback form (IN-15), kept as a repository of ideas.

    Sealed with a key of its own, not the author's: erasing the author removes who sent it
    (`user` becomes None) while the suggestion itself is kept.
    """

    VAULT_SUBJECT = ""
    BUSINESS_SCOPE = "team__organisation"

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="feedback")
    user = models.ForeignKey(
        "identity.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = SealedTextField()
    created_at = models.DateTimeField(default=clock.now)

    objects: ClassVar[SealedManager[Feedback]] = ScopedSealedManager()

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name_plural = "feedback"

    def __str__(self) -> str:
        return f"Feedback {self.pk}"

    def access_scopes(self) -> list[Scope]:
        return self.team.access_scopes()

    def audit_organisation_id(self) -> int:
        return self.team.organisation_id
