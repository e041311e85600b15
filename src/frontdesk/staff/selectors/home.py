"""What the staff home shows one person: their queues by location and the links they may use.

Each link is decided here, from the person's own capabilities, so the page renders only what
they can use (QL-16): a report link only with QUEUE_REPORTS on that queue or location, People
and roles only with STAFF_MANAGE on the organisation, the audit log only with AUDIT_READ,
locations and queues only with SETUP_MANAGE, the security policy only with POLICY_PUBLISH or
AUDIT_READ, disclosures only with DISCLOSURES_RECORD.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import Http404

from frontdesk.access import capabilities as caps
from frontdesk.access import selectors as access
from frontdesk.access.models import Location, Organisation
from frontdesk.queues.models import Queue
from frontdesk.queues.selectors import queues_for


@dataclass
class QueueEntry:
    queue: Queue
    reports: bool


@dataclass
class LocationEntry:
    location: Location
    reports: bool
    queues: list[QueueEntry] = field(default_factory=list)


@dataclass
class OrganisationEntry:
    organisation: Organisation
    people: bool
    audit: bool
    setup: bool
    policy: bool
    disclosures: bool


@dataclass
class StaffHome:
    organisations: list[OrganisationEntry]
    locations: list[LocationEntry]


def staff_home(*, user: Any) -> StaffHome:
    """The staff home of `user`; 404 for anyone holding no grant at all (customers, outsiders)."""
    if not access.is_staff_member(user):
        raise Http404
    return StaffHome(organisations=_organisations(user), locations=_locations(user))


def organisation_entry(*, user: Any, organisation: Organisation) -> OrganisationEntry:
    """The organisation with the staff pages `user` may open there."""
    held = access.capabilities_on(user=user, resource=organisation) or frozenset()
    return OrganisationEntry(
        organisation=organisation,
        people=caps.STAFF_MANAGE in held,
        audit=caps.AUDIT_READ in held,
        setup=caps.SETUP_MANAGE in held,
        policy=bool(held & {caps.POLICY_PUBLISH, caps.AUDIT_READ}),
        disclosures=caps.DISCLOSURES_RECORD in held,
    )


def _organisations(user: Any) -> list[OrganisationEntry]:
    ids = {grant.organisation_id for grant in access.grants_of(user)}
    organisations = Organisation.objects.filter(pk__in=ids).order_by("name")
    return [organisation_entry(user=user, organisation=org) for org in organisations]


def _locations(user: Any) -> list[LocationEntry]:
    entries: dict[int, LocationEntry] = {}

    def entry(location: Location) -> LocationEntry:
        if location.pk not in entries:
            reports = access.can(user=user, resource=location, capability=caps.QUEUE_REPORTS)
            entries[location.pk] = LocationEntry(location, reports)
        return entries[location.pk]

    for location in access.locations_for(user=user).select_related("organisation"):
        entry(location)
    queues = queues_for(user=user).select_related("location", "location__organisation")
    for queue in queues.order_by("name"):
        reports = access.can(user=user, resource=queue, capability=caps.QUEUE_REPORTS)
        entry(queue.location).queues.append(QueueEntry(queue, reports))
    return sorted(
        entries.values(),
        key=lambda e: (e.location.organisation.name, e.location.name, e.location.pk),
    )
