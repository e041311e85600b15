"""Reads for setting up an organisation: its locations, each with its queues.

The page is reached through `organisation_for` (SETUP_MANAGE on the whole organisation); the
lookups here keep every id in a URL inside that organisation, so an id of another
organisation's location or queue is simply not found (QL-15).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import Http404

from frontdesk.access.models import Location, Organisation
from frontdesk.queues.models import Queue


@dataclass
class LocationSetup:
    location: Location
    queues: list[Queue] = field(default_factory=list)


def setup_of(organisation: Organisation) -> list[LocationSetup]:
    """Every location of the organisation by name, each with its queues by name (two queries)."""
    entries = {
        location.pk: LocationSetup(location)
        for location in Location.objects.filter(organisation=organisation).order_by("name", "pk")
    }
    for queue in Queue.objects.filter(location_id__in=entries).order_by("name", "pk"):
        entries[queue.location_id].queues.append(queue)
    return list(entries.values())


def location_in(organisation: Organisation, *, location_id: int) -> Location:
    """A location of this organisation; 404 for any other id."""
    location = Location.objects.filter(organisation=organisation, pk=location_id).first()
    if location is None:
        raise Http404
    return location


def queue_in(organisation: Organisation, *, queue_id: int) -> Queue:
    """A queue of this organisation; 404 for any other id."""
    queue = Queue.objects.filter(organisation_id=organisation.pk, pk=queue_id).first()
    if queue is None:
        raise Http404
    return queue
