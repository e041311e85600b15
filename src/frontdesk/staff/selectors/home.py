"""What the staff home shows one person: the staff areas they work in, their queues by
location, and the links they may use.

Each link is decided here, from the person's own capabilities, so the page renders only what
they can open (QL-16: absent, not refused), and every link it shows answers 200 for them:

- the sections of the other apps (the SMS outbox, the shop, its reports, support, misuse,
  promotions) only where the person holds what that section's page asks for, in a business
  that uses it: a queue agent sees none of the shop's;
- a board only with QUEUE_BOARD, a report link only with QUEUE_REPORTS, on that queue or
  location; a queue or location with neither is not listed;
- People and roles only with STAFF_MANAGE on the organisation, the audit log only with
  AUDIT_READ, locations and queues only with SETUP_MANAGE, the security policy only with
  POLICY_PUBLISH or AUDIT_READ, disclosures only with DISCLOSURES_RECORD.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import Http404

from frontdesk.access import capabilities as caps
from frontdesk.access import selectors as access
from frontdesk.access.models import Location, Organisation
from frontdesk.insights.selectors import shops_for
from frontdesk.misuse.selectors import organisations_reviewed
from frontdesk.promotions.selectors import organisations_managed
from frontdesk.queues.models import Queue
from frontdesk.queues.selectors import queues_for, queues_served
from frontdesk.shop.selectors import ORDER_CAPABILITIES, vendors_for
from frontdesk.support.selectors import teams_held

# What each section's own page asks for (its view refuses anyone holding none of them).
SHOP_CAPABILITIES = (caps.SHOP_CATALOGUE, *ORDER_CAPABILITIES)
INSIGHTS_CAPABILITIES = (caps.SHOP_REPORTS, caps.SHOP_PROMOTIONS)
SUPPORT_CAPABILITIES = (
    caps.SUPPORT_TICKETS,
    caps.SUPPORT_DIAGNOSTICS,
    caps.SUPPORT_FRAUD,
    caps.SUPPORT_FEEDBACK,
)


@dataclass(frozen=True)
class Section:
    """A staff area of another app: its label and the name of its page's URL."""

    label: str
    view: str


@dataclass
class QueueEntry:
    queue: Queue
    board: bool
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
    sections: list[Section]
    organisations: list[OrganisationEntry]
    locations: list[LocationEntry]


def staff_home(*, user: Any) -> StaffHome:
    """The staff home of `user`; 404 for anyone holding no grant at all (customers, outsiders)."""
    if not access.is_staff_member(user):
        raise Http404
    organisations = _organisations(user)
    return StaffHome(
        sections=staff_sections(user=user, organisations=[e.organisation for e in organisations]),
        organisations=organisations,
        locations=_locations(user),
    )


def _using(organisations: list[Organisation], module: str, ids: list[int]) -> bool:
    """Whether one of the businesses `ids` uses `module` (its section has something there)."""
    return any(org.pk in ids and org.uses(module) for org in organisations)


def staff_sections(*, user: Any, organisations: list[Organisation]) -> list[Section]:
    """The other apps' staff areas `user` may open, in the order the home lists them; the
    `organisations` are those the person holds grants in."""
    checks: list[tuple[Section, Callable[[], bool]]] = [
        (Section("SMS outbox", "queues:outbox"), lambda: queues_served(user=user).exists()),
        (Section("Shop orders and products", "shop:staff_index"), lambda: _shop(user)),
        (Section("Shop reports and promotions", "insights:index"), lambda: _insights(user)),
        (
            Section("Support requests and feedback", "support:staff_index"),
            lambda: bool(teams_held(user=user, capabilities=SUPPORT_CAPABILITIES)),
        ),
        (
            Section("Misuse cases", "misuse:index"),
            lambda: _using(organisations, "misuse", organisations_reviewed(user=user)),
        ),
        (
            Section("Promotions", "promotions:staff_index"),
            lambda: _using(organisations, "promotions", organisations_managed(user=user)),
        ),
    ]
    return [section for section, allowed in checks if allowed()]


def _shop(user: Any) -> bool:
    return any(vendors_for(user=user, capability=code).exists() for code in SHOP_CAPABILITIES)


def _insights(user: Any) -> bool:
    return any(shops_for(user=user, capability=code).exists() for code in INSIGHTS_CAPABILITIES)


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
    """The locations and queues the person may open a board or a report of."""
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
        held = access.capabilities_on(user=user, resource=queue) or frozenset()
        board, reports = caps.QUEUE_BOARD in held, caps.QUEUE_REPORTS in held
        if board or reports:
            entry(queue.location).queues.append(QueueEntry(queue, board, reports))
    shown = [item for item in entries.values() if item.reports or item.queues]
    return sorted(
        shown, key=lambda e: (e.location.organisation.name, e.location.name, e.location.pk)
    )
