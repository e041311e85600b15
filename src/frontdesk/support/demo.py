"""Infacta's support in the demo (issue 5, §5 and §7): two support teams, an agent on the
technical team, a lead on the accounts team who may mark suspected fraud, a customer's open
request with an approved diagnostic report, a public request from someone locked out with a
proof of purchase, and a suggestion. Loaded through the same services as real use.

It joins the business the licensing demo made (run it first), or makes it, and loads bound to
it, so every account is Infacta's. `ops.demo` (a higher layer) calls
`seed_support(password=...)` and prints the logins it returns.
"""

from __future__ import annotations

import json

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from frontdesk.access import capabilities as caps
from frontdesk.access import services as access
from frontdesk.access.models import Organisation, Role
from frontdesk.access.scopes import Scope
from frontdesk.core import tenancy
from frontdesk.core.demo import DemoLogin
from frontdesk.identity import services as identity
from frontdesk.identity.models import User
from frontdesk.licensing.demo import CUSTOMER, INFACTA, infacta
from frontdesk.support import services
from frontdesk.support.attachments import Draft
from frontdesk.support.models import TEAM, Attachment, Team

AGENT = "agent@infacta.demo"
LEAD = "lead@infacta.demo"

DIAGNOSTIC = json.dumps(
    {
        "product": "Group Mail 4.2",
        "settings": {"smtp_server": "mail.example.net", "threads": 4, "retry_minutes": 10},
        "hardware": {"os": "Windows 11 23H2", "memory_mb": 16384, "disk_free_mb": 51200},
        "log": [
            "2026-11-20 09:14:02 Importer started (contacts.csv, 1204 rows)",
            "2026-11-20 09:14:07 ERROR row 317: unterminated quote",
            "2026-11-20 09:14:07 Importer stopped",
        ],
    },
    indent=2,
)
PROOF = (
    "Order reference: RS-2025-118842\n"
    "Bought: 2025-03-02 through RegSoft\n"
    "Product: Group Mail Professional\n"
    "Name and e-mail at purchase: Grace Hopper, grace.hopper@example.net\n"
)


def _staff(organisation: Organisation, email: str, full_name: str, password: str) -> User:
    user = User.objects.create_user(
        email=email,
        password=password,
        full_name=full_name,
        is_staff=True,
        organisation=organisation,
    )
    TOTPDevice.objects.create(user=user, name="Demo authenticator", confirmed=True)
    return user


def _grant(user: User, organisation: Organisation, name: str, codes: list[str], team: Team) -> None:
    role = Role.objects.filter(organisation=organisation, name=name).first()
    if role is None:
        role = access.role_create(
            actor=None, organisation=organisation, name=name, capabilities=codes
        )
    access.grant_add(actor=None, user=user, role=role, scope=Scope(TEAM, team.pk))


def _customer(password: str) -> User:
    """The software area's customer (bound to Infacta: found, or registered, there)."""
    customer = User.objects.with_email(CUSTOMER).first()
    if customer is None:
        customer = identity.user_register(email=CUSTOMER, password=password)
        customer.full_name = "Ada Lovelace"
        customer.save(update_fields=["full_name"])
    return customer


def _requests(technical: Team, accounts: Team, agent: User, customer: User) -> None:
    ticket = services.ticket_open(
        actor=customer,
        team=technical,
        subject="The importer stops at row 317",
        body="Importing my address book stops half-way. The wizard saved a report.",
        purchase_reference="GM-PRO",
    )
    report = Draft(kind=Attachment.Kind.DIAGNOSTIC, filename="diagnostic.json", content=DIAGNOSTIC)
    services.attachment_add(actor=customer, ticket=ticket, draft=report)
    services.ticket_reply_staff(
        actor=agent,
        ticket=ticket,
        body="Thank you for the report: row 317 has a stray quote. We are looking into it.",
        then="open",
    )
    locked_out, _ = services.ticket_open_public(
        team=accounts,
        name="Grace Hopper",
        email="grace.hopper@example.net",
        subject="I cannot sign in any more",
        body="My old e-mail address is gone, so I cannot reset my password.",
        purchase_reference="RS-2025-118842",
    )
    proof = Draft(kind=Attachment.Kind.PROOF_OF_PURCHASE, filename="", content=PROOF)
    services.attachment_add(actor=None, ticket=locked_out, draft=proof)
    services.feedback_send(
        actor=customer, team=technical, body="A preview of the import before it runs would help."
    )


def _create(organisation: Organisation, password: str) -> None:
    technical = services.team_create(
        actor=None, organisation=organisation, name="Technical support"
    )
    accounts = services.team_create(actor=None, organisation=organisation, name="Customer accounts")
    agent = _staff(organisation, AGENT, "Alan Agent", password)
    agent_codes = [caps.SUPPORT_TICKETS, caps.SUPPORT_DIAGNOSTICS, caps.SUPPORT_FEEDBACK]
    _grant(agent, organisation, "Support agent", agent_codes, technical)
    lead = _staff(organisation, LEAD, "Linda Lead", password)
    lead_codes = [caps.SUPPORT_TICKETS, caps.SUPPORT_DIAGNOSTICS, caps.SUPPORT_FRAUD]
    _grant(lead, organisation, "Accounts lead", lead_codes, accounts)
    _requests(technical, accounts, agent, _customer(password))


@transaction.atomic
def seed_support(*, password: str) -> list[DemoLogin]:
    """Load Infacta's support once (later runs find it and only list the logins)."""
    organisation = infacta()
    with tenancy.bound(organisation.tenant):
        if not Team.objects.filter(organisation=organisation).exists():
            _create(organisation, password)
    return [
        DemoLogin(
            AGENT,
            password,
            "Infacta support agent, technical team only: requests, diagnostics (each read "
            "logged), feedback",
            ["/staff/support/"],
            business=INFACTA,
        ),
        DemoLogin(
            LEAD,
            password,
            "Infacta accounts lead: locked-out customers' proofs of purchase; may mark fraud",
            ["/staff/support/"],
            business=INFACTA,
        ),
        DemoLogin(
            CUSTOMER,
            password,
            "Infacta customer: an open support request with an approved diagnostic report",
            ["/support/", "/support/feedback/"],
            business=INFACTA,
        ),
        DemoLogin(
            "(locked out)",
            "-",
            "Ask for help without an account",
            ["/support/new/"],
            business=INFACTA,
        ),
    ]
