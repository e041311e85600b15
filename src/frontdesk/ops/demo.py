"""The demo businesses: loaded through the same services as real use, so the audit log, the
access rules and the queue states of the demo are the real ones."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from frontdesk.access import capabilities as caps
from frontdesk.access import services as access
from frontdesk.access.models import Organisation, Role
from frontdesk.access.scopes import Scope
from frontdesk.core.demo import DemoLogin
from frontdesk.identity import services as identity
from frontdesk.identity.models import User
from frontdesk.insights.demo import seed_traffic
from frontdesk.licensing.demo import seed_software
from frontdesk.misuse.demo import seed_misuse
from frontdesk.queues import services as queues
from frontdesk.queues.models import Queue, Ticket
from frontdesk.queues.states import State
from frontdesk.shop.demo import seed_shops
from frontdesk.support.demo import seed_support

DEMO_PASSWORD = "frontdesk-demo-2026"  # noqa: S105 - printed for the demo on purpose
QUEUE_SLUG = "qless-demo"
QUEUE_AGENT_CAPABILITIES = [
    caps.QUEUE_BOARD,
    caps.QUEUE_CUSTOMERS,
    caps.QUEUE_SUMMON,
    caps.QUEUE_ARRIVE,
]
QUEUE_MANAGER_CAPABILITIES = [*QUEUE_AGENT_CAPABILITIES, caps.QUEUE_ACTIVATE, caps.QUEUE_REPORTS]


def seed_demo() -> list[DemoLogin]:
    """Load every demo business once (later runs find them and only list the logins)."""
    queues = seed_queues()
    shops = seed_shops(password=DEMO_PASSWORD)
    seed_traffic()  # two weeks of page views, for the shop reports
    software = seed_software(password=DEMO_PASSWORD)
    # After the software area: support joins the organisation and customer it made.
    support = [*seed_support(password=DEMO_PASSWORD), *seed_misuse(password=DEMO_PASSWORD)]
    _give_every_business_a_host()
    return [*queues, *shops, *software, *support]


def _give_every_business_a_host() -> None:
    """A demo database from before tenancy has businesses without hosts: each gets
    `<slug>.localhost`, so every business answers on its own host."""
    for organisation in Organisation.objects.filter(hosts__isnull=True):
        access.host_add(
            organisation=organisation, hostname=f"{organisation.slug}.localhost", primary=True
        )


def _staff(
    organisation: Organisation, email: str, full_name: str, *, enrolled: bool = True
) -> User:
    user = User.objects.create_user(
        email=email,
        password=DEMO_PASSWORD,
        full_name=full_name,
        is_staff=True,
        organisation=organisation,
    )
    if enrolled:
        TOTPDevice.objects.create(user=user, name="Demo authenticator", confirmed=True)
    return user


@transaction.atomic
def seed_queues() -> list[DemoLogin]:
    """QLess: one organisation, two locations, three queues, waiting customers and the staff
    the policy describes: owner, location manager, agent on one queue, auditor, a new account."""
    organisation = Organisation.objects.filter(slug=QUEUE_SLUG).first()
    if organisation is None:
        organisation = _create_queue_business()
    first_queue = Queue.objects.filter(organisation=organisation).order_by("pk").first()
    public = [
        (queue.name, f"/q/{queue.public_token}/")
        for queue in Queue.objects.filter(organisation=organisation).order_by("pk")
    ]
    board = [f"/staff/queues/{first_queue.pk}/"] if first_queue else []
    return [
        DemoLogin(
            "owner@qless.demo", DEMO_PASSWORD, "QLess owner: everything", ["/staff/"], QUEUE_SLUG
        ),
        DemoLogin(
            "manager@qless.demo", DEMO_PASSWORD, "Location manager, City Centre (reports)", board
        ),
        DemoLogin("agent@qless.demo", DEMO_PASSWORD, "Agent on Passports only, no reports", board),
        DemoLogin("auditor@qless.demo", DEMO_PASSWORD, "Auditor: the audit log only", ["/staff/"]),
        DemoLogin(
            "new.agent@qless.demo",
            DEMO_PASSWORD,
            "Fresh account: must change password, then enrol TOTP",
        ),
        *[
            DemoLogin("(customers)", "-", f"Queue: {name}", [path], QUEUE_SLUG)
            for name, path in public
        ],
    ]


def _create_queue_business() -> Organisation:
    organisation = access.organisation_create(
        name="QLess Demo Services",
        slug=QUEUE_SLUG,
        modules=["queues"],
        accent_colour="#0b6e4f",
        email_sender="hello@qless.demo",
        privacy_contact="privacy@qless.demo",
        security_contact="security@qless.demo",
        processors={"sms": "Twilio Ireland Ltd (SMS delivery)"},
    )
    city = access.location_create(
        actor=None, organisation=organisation, name="City Centre", slug="city-centre"
    )
    riverside = access.location_create(
        actor=None, organisation=organisation, name="Riverside", slug="riverside"
    )
    passports = queues.queue_create(
        actor=None, location=city, name="Passports", expected_service_minutes=6
    )
    licences = queues.queue_create(
        actor=None, location=city, name="Driving licences", expected_service_minutes=8
    )
    enquiries = queues.queue_create(
        actor=None, location=riverside, name="General enquiries", expected_service_minutes=5
    )

    def role(name: str, capabilities: list[str]) -> Role:
        return access.role_create(
            actor=None, organisation=organisation, name=name, capabilities=capabilities
        )

    owner_role = role("Owner", list(caps.CAPABILITIES))
    manager_role = role("Location manager", QUEUE_MANAGER_CAPABILITIES)
    agent_role = role("Agent", QUEUE_AGENT_CAPABILITIES)
    auditor_role = role("Auditor", [caps.AUDIT_READ])

    org_scope = Scope("organisation", organisation.pk)
    owner = _staff(organisation, "owner@qless.demo", "Olivia Owner")
    access.grant_add(actor=None, user=owner, role=owner_role, scope=org_scope)
    manager = _staff(organisation, "manager@qless.demo", "Manuel Manager")
    access.grant_add(actor=owner, user=manager, role=manager_role, scope=Scope("location", city.pk))
    agent = _staff(organisation, "agent@qless.demo", "Agnes Agent")
    access.grant_add(actor=owner, user=agent, role=agent_role, scope=Scope("queue", passports.pk))
    auditor = _staff(organisation, "auditor@qless.demo", "Audrey Auditor")
    access.grant_add(actor=owner, user=auditor, role=auditor_role, scope=org_scope)
    fresh, _ = identity.staff_create(
        actor=owner,
        email="new.agent@qless.demo",
        full_name="Nathan New",
        organisation_id=organisation.pk,
    )
    fresh.set_password(DEMO_PASSWORD)  # printed by the demo; still must be changed at first login
    fresh.save(update_fields=["password"])
    access.grant_add(actor=owner, user=fresh, role=agent_role, scope=Scope("queue", enquiries.pk))

    for queue in (passports, licences, enquiries):
        _load_history(queue)
    for queue, people in (
        (passports, ["Ada", "Bram", "Chloe", "Dev", "Elif", "Femi"]),
        (licences, ["Gus", "Hana", "Ivo"]),
        (enquiries, ["Jon", "Kim"]),
    ):
        for index, name in enumerate(people):
            with_sms = index % 2 == 0
            queues.ticket_join(
                queue=queue,
                name=name,
                phone=f"+4477009001{queue.pk:01d}{index:01d}" if with_sms else "",
                sms_opt_in=with_sms,
            )
    return organisation


def _load_history(queue: Queue, *, days: int = 14) -> None:
    """Two weeks of finished visits, so reports and wait estimates have real figures. They are
    imported as records from before the demo started: no staff did anything, so no audit."""
    rng = random.Random(queue.pk)  # noqa: S311 - demo figures, not security
    today = timezone.localdate()
    tickets = []
    for back in range(days, 0, -1):
        day = today - timedelta(days=back)
        if day.weekday() == 6:  # noqa: PLR2004 - closed on Sundays
            continue
        opening = timezone.make_aware(datetime.combine(day, time(9)))
        for number in range(1, rng.randint(18, 40)):
            joined = opening + timedelta(minutes=rng.randint(0, 8 * 60))
            summoned = joined + timedelta(minutes=rng.randint(1, 35))
            no_show = rng.random() < 0.08  # noqa: PLR2004
            arrived = None if no_show else summoned + timedelta(minutes=rng.randint(1, 3))
            served = (
                None
                if arrived is None
                else arrived + timedelta(minutes=rng.randint(2, queue.expected_service_minutes * 2))
            )
            tickets.append(
                Ticket(
                    queue=queue,
                    number=number,
                    name=f"Visitor {number}",
                    state=State.NO_SHOW if no_show else State.SERVED,
                    joined_at=joined,
                    summoned_at=summoned,
                    arrived_at=arrived,
                    served_at=served,
                    ended_at=served or summoned + timedelta(minutes=5),
                )
            )
    Ticket.objects.bulk_create(tickets)
