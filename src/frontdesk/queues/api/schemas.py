"""Schemas of the queues API: what goes in and comes out, with types and limits."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import ValidationError
from ninja import Field, Schema, Status
from pydantic import ConfigDict

from frontdesk.queues.services import NAME_MAX

# --- schemas ----------------------------------------------------------------------------------


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] | None = None


class QueueOut(Schema):
    id: int
    name: str
    organisation_id: int
    location_id: int
    location_name: str
    is_active: bool
    expected_service_minutes: int
    version: int
    public_url: str
    allowed_actions: list[str]


class TicketOut(Schema):
    id: int
    number: int
    name: str
    state: str
    source: str
    sms_opt_in: bool
    position: int | None
    joined_at: datetime
    summoned_at: datetime | None
    waited_seconds: int
    allowed_actions: list[str]


class BoardOut(Schema):
    queue: QueueOut
    version: int
    service_seconds: float
    waiting: list[TicketOut]
    called: list[TicketOut]


class CustomerIn(Schema):
    name: str = Field(max_length=NAME_MAX)
    phone: str = Field("", max_length=32)
    sms_opt_in: bool = False


class QueueCreateIn(Schema):
    model_config = ConfigDict(extra="forbid")  # a misspelt field is an error, not ignored

    location_id: int
    name: str
    expected_service_minutes: int = 5


class QueueChangeIn(Schema):
    """Only the fields given change."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = None
    expected_service_minutes: int | None = None


class ReportOut(Schema):
    queue_ids: list[int]
    start: date
    end: date
    joined: int
    served: int
    no_shows: int
    left: int
    removed: int
    avg_wait_seconds: float | None
    p90_wait_seconds: float | None
    avg_service_seconds: float | None
    arrivals_by_hour: list[int]


class PublicTicketOut(Schema):
    url: str
    number: int
    state: str
    state_label: str
    position: int | None
    wait_minutes: int | None
    version: int
    queue_open: bool
    final: bool
    message: str


ERRORS: dict[int, type[Schema]] = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


def bad_input(error: ValidationError) -> Status[ErrorOut]:
    errors = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
    detail = " ".join(message for messages in errors.values() for message in messages)
    return Status(400, ErrorOut(detail=detail, errors=errors))
