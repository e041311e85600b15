"""Locations and queues: set them up, rename them, change expected service times
(SETUP_MANAGE on the whole organisation).

One page holds every form; each form has its own prefix, so a form sent back with errors is
shown in its place (status 400) while nothing is changed (FD-8).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from frontdesk.access import capabilities as caps
from frontdesk.access import services as access
from frontdesk.access.models import Location, Organisation
from frontdesk.queues import services as queues
from frontdesk.queues.models import Queue
from frontdesk.staff.forms import LocationForm, QueueForm
from frontdesk.staff.selectors.setup import location_in, queue_in, setup_of
from frontdesk.staff.views.common import acting_user, organisation_view, render_page

manage = organisation_view(caps.SETUP_MANAGE)
NEW_LOCATION = "new-location"


@dataclass
class QueueRow:
    queue: Queue
    form: forms.Form


@dataclass
class LocationRow:
    location: Location
    rename: forms.Form
    add_queue: forms.Form
    queues: list[QueueRow]


@dataclass
class _Forms:
    """The page's forms: blank (or filled with the current values), except the one sent back
    with errors, which keeps what was typed and its messages."""

    bound: forms.Form | None

    def get(self, kind: type[forms.Form], prefix: str, **initial: Any) -> forms.Form:
        if self.bound is not None and self.bound.prefix == prefix:
            return self.bound
        return kind(prefix=prefix, initial=initial)


def _rows(organisation: Organisation, forms_: _Forms) -> list[LocationRow]:
    return [
        LocationRow(
            location=entry.location,
            rename=forms_.get(
                LocationForm, f"location-{entry.location.pk}", name=entry.location.name
            ),
            add_queue=forms_.get(QueueForm, f"add-queue-{entry.location.pk}"),
            queues=[
                QueueRow(
                    queue,
                    forms_.get(
                        QueueForm,
                        f"queue-{queue.pk}",
                        name=queue.name,
                        expected_service_minutes=queue.expected_service_minutes,
                    ),
                )
                for queue in entry.queues
            ],
        )
        for entry in setup_of(organisation)
    ]


def _page(
    request: HttpRequest, organisation: Organisation, bound: forms.Form | None = None
) -> HttpResponse:
    """The setup page; `bound` (a form sent with errors) is shown in its place, status 400."""
    forms_ = _Forms(bound)
    context = {
        "rows": _rows(organisation, forms_),
        "new_location": forms_.get(LocationForm, NEW_LOCATION),
    }
    return render_page(
        request, "staff/setup.html", organisation, context, 400 if bound is not None else 200
    )


def _submit(
    request: HttpRequest,
    organisation: Organisation,
    form: forms.Form,
    change: Callable[[dict[str, Any]], str],
    anchor: str = "",
) -> HttpResponse:
    """Hand the form's clean data to `change` (which calls one service and says what it did);
    on bad input, show the page again with the form's errors and nothing changed."""
    if form.is_valid():
        try:
            done = change(form.cleaned_data)
        except ValidationError as error:  # the service's own check, should the form's pass
            form.add_error(None, error)
        else:
            messages.success(request, done)
            return redirect(reverse("staff:setup", args=[organisation.pk]) + anchor)
    return _page(request, organisation, bound=form)


@manage
def setup(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    """The organisation's locations with their queues; POST adds a location."""
    if request.method != "POST":
        return _page(request, organisation)

    def create(data: dict[str, Any]) -> str:
        location = access.location_create(
            actor=acting_user(request), organisation=organisation, name=data["name"]
        )
        return f"Location {location} added."

    return _submit(request, organisation, LocationForm(request.POST, prefix=NEW_LOCATION), create)


@require_POST
@manage
def location_rename(
    request: HttpRequest, organisation: Organisation, location_id: int
) -> HttpResponse:
    location = location_in(organisation, location_id=location_id)

    def rename(data: dict[str, Any]) -> str:
        renamed = access.location_rename(
            actor=acting_user(request), location=location, name=data["name"]
        )
        return f"Location renamed to {renamed}."

    form = LocationForm(request.POST, prefix=f"location-{location.pk}")
    return _submit(request, organisation, form, rename, f"#location-{location.pk}")


@require_POST
@manage
def queue_add(request: HttpRequest, organisation: Organisation, location_id: int) -> HttpResponse:
    location = location_in(organisation, location_id=location_id)

    def create(data: dict[str, Any]) -> str:
        queue = queues.queue_create(actor=acting_user(request), location=location, **data)
        return f"Queue {queue} added to {location}."

    form = QueueForm(request.POST, prefix=f"add-queue-{location.pk}")
    return _submit(request, organisation, form, create, f"#location-{location.pk}")


@require_POST
@manage
def queue_change(request: HttpRequest, organisation: Organisation, queue_id: int) -> HttpResponse:
    queue = queue_in(organisation, queue_id=queue_id)

    def change(data: dict[str, Any]) -> str:
        changed = queues.queue_update(actor=acting_user(request), queue=queue, **data)
        return f"Queue {changed} saved."

    form = QueueForm(request.POST, prefix=f"queue-{queue.pk}")
    return _submit(request, organisation, form, change, f"#location-{queue.location_id}")
