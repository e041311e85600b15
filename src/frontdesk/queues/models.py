"""Queues and the tickets of the customers waiting in them."""

from __future__ import annotations

from datetime import date, datetime
from typing import ClassVar

from django.db import models

from frontdesk.access.scopes import LOCATION, ORGANISATION, Scope
from frontdesk.core import clock, tenancy
from frontdesk.core.tokens import new_token
from frontdesk.queues.states import FINAL_STATES, State, check_move
from frontdesk.vault.fields import SealedCharField
from frontdesk.vault.sealed import ScopedSealedManager, SealedManager, SealedModel

QUEUE = "queue"  # the scope kind of a grant on one queue (QL-17: "granted per queue")


class Queue(models.Model):
    """A queue at a location.

    Rules: customers join only while it is active; `version` goes up with every change to the
    queue or its tickets, so watchers (long-polling pages) know when to refresh; the public page
    is addressed by the opaque `public_token`, never by anything guessable (QL-7). A queue is
    its business's: its token opens it on that business's host only.
    """

    BUSINESS_SCOPE = "organisation"

    organisation = models.ForeignKey(
        "access.Organisation", on_delete=models.PROTECT, related_name="queues"
    )
    location = models.ForeignKey("access.Location", on_delete=models.PROTECT, related_name="queues")
    name = models.CharField(max_length=120)
    slug = models.SlugField()
    public_token = models.CharField(max_length=64, unique=True, default=new_token)
    is_active = models.BooleanField(default=True)
    expected_service_minutes = models.PositiveIntegerField(default=5)
    version = models.PositiveBigIntegerField(default=1)
    # Display numbers restart at 1 every (local) day, so they stay short.
    numbering_date = models.DateField(null=True, blank=True)
    last_number = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=clock.now)

    objects = tenancy.BusinessManager["Queue"]()

    class Meta:
        ordering = ("name",)
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["location", "slug"], name="queue_slug_per_location")
        ]

    def __str__(self) -> str:
        return self.name

    def access_scopes(self) -> list[Scope]:
        return [
            Scope(QUEUE, self.pk),
            Scope(LOCATION, self.location_id),
            Scope(ORGANISATION, self.organisation_id),
        ]

    def take_number(self, today: date) -> int:
        """The next display number (the caller holds the row lock and saves the queue)."""
        if self.numbering_date != today:
            self.numbering_date, self.last_number = today, 0
        self.last_number += 1
        return self.last_number


class Ticket(SealedModel):
    """One customer's place in a queue.

    Rules: the state changes only through `set_state` (see `states.TRANSITIONS`); the phone is
    kept only when the customer ticked "Send me SMS updates", and is wiped when the ticket ends;
    the customer's page is addressed by the opaque `token` (QL-7).
    """

    class Source(models.TextChoices):
        ONLINE = "online", "Joined online"
        WALK_IN = "walk_in", "Walk-in, added by staff"

    State = State
    VAULT_SUBJECT = "user"  # a visitor's ticket has a key of its own
    BUSINESS_SCOPE = "queue__organisation"

    queue = models.ForeignKey(Queue, on_delete=models.CASCADE, related_name="tickets")
    token = models.CharField(max_length=64, unique=True, default=new_token)
    number = models.PositiveIntegerField()
    name = SealedCharField(max_length=80)
    phone = SealedCharField(max_length=20, blank=True)  # "" = none kept
    sms_opt_in = models.BooleanField(default=False)
    source = models.CharField(max_length=16, choices=Source.choices, default=Source.ONLINE)
    state = models.CharField(max_length=16, choices=State.choices, default=State.WAITING)
    joined_at = models.DateTimeField(default=clock.now)
    summoned_at = models.DateTimeField(null=True, blank=True)
    arrived_at = models.DateTimeField(null=True, blank=True)
    served_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    added_by_id = models.BigIntegerField(null=True, blank=True)
    # The account of a customer who joined signed in; None for visitors and walk-ins.
    user = models.ForeignKey(
        "identity.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    # Typed as the sealed manager it is; scoped to the business (vault.sealed).
    objects: ClassVar[SealedManager[Ticket]] = ScopedSealedManager()

    class Meta:
        ordering = ("joined_at", "pk")
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["queue", "state", "joined_at"]),
            models.Index(fields=["queue", "joined_at"]),
            models.Index(fields=["queue", "state", "served_at"]),
        ]

    def __str__(self) -> str:
        return f"#{self.number}"

    def access_scopes(self) -> list[Scope]:
        """A ticket is governed by its queue's grants (load it with select_related("queue"))."""
        return self.queue.access_scopes()

    def set_state(self, target: str, *, at: datetime) -> None:
        """Move to `target`, stamping its time; raise `InvalidTransitionError` (unchanged) if not
        allowed. The caller saves (holding the row lock)."""
        check_move(self.state, target, number=self.number)
        self.state = target
        stamp = {
            State.SUMMONED: "summoned_at",
            State.ARRIVED: "arrived_at",
            State.SERVED: "served_at",
        }.get(State(target))
        if stamp:
            setattr(self, stamp, at)
        if target in FINAL_STATES:
            self.ended_at = at
            # The phone served only to tell this customer about this visit (QL-1): drop it.
            self.phone = ""

    @property
    def is_final(self) -> bool:
        return self.state in FINAL_STATES
