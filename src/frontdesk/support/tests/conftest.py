"""Support fixtures on top of the root conftest (organisation, owner, outsider, customer, fresh
cache, tasks at once): two teams of the organisation, an agent on each, a member of the
technical team without the ticket capability, and helpers that open requests and send reports
the way the pages do."""

from __future__ import annotations

import re
from collections.abc import Callable
from html import unescape
from typing import Any

import pytest
from conftest import make_user
from django.test import Client

from frontdesk.access import capabilities as caps
from frontdesk.access import services as access
from frontdesk.access.models import Organisation
from frontdesk.access.scopes import Scope
from frontdesk.identity.models import User
from frontdesk.support import services
from frontdesk.support.attachments import Draft
from frontdesk.support.models import TEAM, Attachment, Team, Ticket

REPORT = (
    '{\n  "os": "Windows 11",\n  "log": ["09:14 ERROR row 317: <unterminated \\"quote\\">"]\n}\n'
)
AGENT_CAPABILITIES = [caps.SUPPORT_TICKETS, caps.SUPPORT_DIAGNOSTICS]

_PREVIEW = re.compile(r'<pre class="report" data-field="preview"[^>]*>\n(.*?)</pre>', re.S)
_HIDDEN = re.compile(r'<input type="hidden" name="(stamp|content)" value="([^"]*)"')


@pytest.fixture
def technical(organisation: Organisation) -> Team:
    return services.team_create(actor=None, organisation=organisation, name="Technical support")


@pytest.fixture
def accounts(organisation: Organisation) -> Team:
    return services.team_create(actor=None, organisation=organisation, name="Customer accounts")


def member(email: str, team: Team, codes: list[str], *, role: str) -> User:
    """A staff member holding a role with `codes` on `team` only."""
    user = make_user(email, staff=True, full_name=email.split("@", maxsplit=1)[0].title())
    made = access.role_create(
        actor=None, organisation=team.organisation, name=role, capabilities=codes
    )
    access.grant_add(actor=None, user=user, role=made, scope=Scope(TEAM, team.pk))
    return user


@pytest.fixture
def agent(technical: Team) -> User:
    """Answers the technical team's requests and reads their reports."""
    return member("agent@acme.test", technical, AGENT_CAPABILITIES, role="Technical agent")


@pytest.fixture
def accounts_agent(accounts: Team) -> User:
    """The same job, on the other team."""
    return member("accounts@acme.test", accounts, AGENT_CAPABILITIES, role="Accounts agent")


@pytest.fixture
def feedback_reader(technical: Team) -> User:
    """A member of the technical team who may read feedback only."""
    return member("ideas@acme.test", technical, [caps.SUPPORT_FEEDBACK], role="Ideas")


@pytest.fixture
def customer_ticket(customer: User, technical: Team) -> Ticket:
    return services.ticket_open(
        actor=customer,
        team=technical,
        subject="The importer stops",
        body="It stops at row 317.",
        purchase_reference="GM-PRO-17",
    )


@pytest.fixture
def public_ticket(accounts: Team) -> tuple[Ticket, str]:
    return services.ticket_open_public(
        team=accounts,
        name="Grace Hopper",
        email="grace@example.test",
        subject="I cannot sign in",
        body="My old address is gone.",
        purchase_reference="RS-118842",
    )


def attach(
    ticket: Ticket,
    content: str = REPORT,
    *,
    actor: User | None = None,
    kind: str = Attachment.Kind.DIAGNOSTIC,
) -> Attachment:
    """A report (by default a diagnostic; or a proof of purchase) approved as it is (the
    service call the approval page makes)."""
    filename = "diagnostic.json" if kind == Attachment.Kind.DIAGNOSTIC else "receipt.txt"
    draft = Draft(kind=kind, filename=filename, content=content)
    return services.attachment_add(actor=actor, ticket=ticket, draft=draft)


def preview_of(html: str) -> str:
    """The report exactly as the preview page shows it (the HTML parser drops the newline
    right after <pre>)."""
    found = _PREVIEW.search(html)
    assert found, "no preview on the page"
    return unescape(found.group(1))


def approval_fields(html: str) -> dict[str, str]:
    """The hidden fields the preview page posts back when the customer approves."""
    return {name: unescape(value) for name, value in _HIDDEN.findall(html)}


@pytest.fixture
def upload() -> Callable[..., Any]:
    """upload(name, text): a file as a browser sends it."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    def make(name: str, text: str | bytes) -> SimpleUploadedFile:
        data = text.encode() if isinstance(text, str) else text
        return SimpleUploadedFile(name, data, content_type="application/octet-stream")

    return make


def customer_client(user: User) -> Client:
    client = Client(REMOTE_ADDR="198.51.100.7")
    client.force_login(user)
    return client
