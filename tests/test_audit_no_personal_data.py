"""The audit log never holds personal data in the clear (FD-2): it refers to people and their
records by id. A person is planted with data in every app (as the export's test plants them),
staff do the usual things to them through the services — read their order, ticket, support
request and privacy request, summon them, mark, hold, refuse and record, each with free text
naming them where the service takes any — and no audit event carries any of the person's
names, e-mail addresses, phone numbers, postal addresses or network addresses.

The values looked for are not a list kept here: they are every contact and network field the
declarations tie to the person (`contact.*`, `network.*`), read from the planted rows."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from conftest import make_user
from django.apps import apps

from frontdesk.access import capabilities as caps
from frontdesk.access import services as access
from frontdesk.access.scopes import Scope
from frontdesk.audit.models import AuditEvent
from frontdesk.core import clock, context
from frontdesk.core.declarations import personal_data
from frontdesk.identity import services as identity
from frontdesk.identity.models import User
from frontdesk.licensing.services.purchases import licence_issue
from frontdesk.messaging import services as messaging
from frontdesk.misuse import services as misuse
from frontdesk.privacy import services as privacy
from frontdesk.privacy.export import rows_about
from frontdesk.privacy.tests.test_centre_export import BROWSER, IP, person_in_every_app
from frontdesk.promotions import services as promotions
from frontdesk.queues import services as queues
from frontdesk.shop import services as shop
from frontdesk.staff import services as staff_services
from frontdesk.support import services as support

NAME, EMAIL = "Casey Customer", "casey@example.test"
IDENTIFYING = ("contact.", "network.")
MIN_LENGTH = 5  # shorter values ("N1") match by chance


@pytest.fixture(autouse=True)
def _fast_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _model(label: str) -> Any:
    return apps.get_model(label)


def _variants(value: str) -> set[str]:
    """The value, and an international phone number also without "+" and as dialled at home."""
    found = {value, value.lower()}
    if value.startswith("+44") and value[1:].isdigit():
        found |= {value[1:], f"0{value[3:]}"}
    return found


def _clear_values(user: User) -> set[str]:
    """Every identifying value the declarations tie to `user`, as planted."""
    values = {NAME, EMAIL, IP, BROWSER}
    for item in personal_data():
        if not item.subject or not item.category.startswith(IDENTIFYING):
            continue
        for row in rows_about(item, user):
            for name in item.fields:
                value = getattr(row, name)
                if isinstance(value, str) and len(value) >= MIN_LENGTH:
                    values |= _variants(value)
    return values


def _agent(organisation_ids: set[int]) -> User:
    """A member of staff allowed everything in each organisation the person has data in."""
    agent = make_user("agent@acme.test", staff=True, full_name="Agnes Agent")
    for organisation_id in sorted(organisation_ids):
        organisation = _model("access.Organisation").objects.get(pk=organisation_id)
        role = access.role_create(
            actor=None, organisation=organisation, name="All", capabilities=list(caps.CAPABILITIES)
        )
        access.grant_add(
            actor=None, user=agent, role=role, scope=Scope("organisation", organisation_id)
        )
    return agent


def _shop_reads(agent: User, user: User) -> None:
    order = _model("shop.Order").objects.get(user=user)
    shop.order_open(actor=agent, order_id=order.pk, capabilities=frozenset(caps.CAPABILITIES))
    shop.orders_list_open(actor=agent, orders=[order])
    shop.manifest_export(actor=agent, vendor=order.vendor, channel="csv")


def _queue_actions(agent: User, user: User) -> None:
    ticket = _model("queues.Ticket").objects.get(user=user)
    queues.queue_board_open(actor=agent, queue=ticket.queue)
    queues.ticket_contact_view(actor=agent, ticket=ticket)
    queues.ticket_summon(actor=agent, ticket=ticket)
    queues.ticket_add_walk_in(
        actor=agent, queue=ticket.queue, name=NAME, phone=ticket.phone, sms_opt_in=True
    )


def _support_actions(agent: User, user: User) -> None:
    ticket = _model("support.Ticket").objects.get(requester=user)
    support.ticket_open_for_staff(actor=agent, ticket=ticket)
    support.tickets_list_open(actor=agent, tickets=[ticket])
    support.attachment_read(actor=agent, attachment=ticket.attachments.get())
    support.ticket_reply_staff(
        actor=agent, ticket=ticket, body=f"Dear {NAME}, we wrote to {EMAIL}."
    )
    support.ticket_fraud_mark(actor=agent, ticket=ticket, reason=f"{NAME} ({EMAIL}) again")
    feedback = _model("support.Feedback").objects.filter(user=user)
    support.feedback_list_open(actor=agent, team=ticket.team, feedback=list(feedback))


def _privacy_actions(agent: User, user: User) -> None:
    request = _model("privacy.PrivacyRequest").objects.get(user=user, kind="correction")
    privacy.privacy_request_read(actor=agent, request=request)
    privacy.privacy_request_start(actor=agent, request=request)
    privacy.privacy_request_refuse(
        actor=agent, request=request, reason=f"{NAME} at {EMAIL} is not the account holder."
    )


def _misuse_actions(agent: User, user: User) -> None:
    case = _model("misuse.Case").objects.get(user=user)
    misuse.cases_list(actor=agent, organisation_ids=[case.organisation_id], cases=[case])
    misuse.case_view(actor=agent, case=case)
    misuse.hold_place(actor=agent, case=case)
    misuse.hold_lift(actor=agent, case=case)
    misuse.case_close(actor=agent, case=case, note=f"Called {NAME} on the phone.")


def _promotion_actions(agent: User, user: User) -> None:
    registration = _model("promotions.Registration").objects.get(user=user)
    promotions.registrations_list(
        actor=agent, offer=registration.offer, registrations=[registration]
    )
    promotions.registration_terminate(
        actor=agent, registration=registration, reason=f"{NAME} shared the code with {EMAIL}."
    )
    licence_issue(actor=agent, user=user, product=registration.offer.product)


def _staff_actions(agent: User, user: User) -> None:
    organisation = _model("support.Ticket").objects.get(requester=user).organisation
    staff_services.disclosure_record(
        actor=agent,
        organisation=organisation,
        recipient="Metropolitan Police",
        legal_basis="Court order 2025/17",
        subject_user=user,
        description=f"{NAME}, {EMAIL}, 1 Planted Street, {IP}",
        disclosed_at=clock.now() - timedelta(days=1),
    )
    staff_services.disclosures_read(actor=agent, organisation=organisation)


def _messaging_actions(agent: User, user: User) -> None:
    ticket = _model("queues.Ticket").objects.get(user=user)
    messaging.outbox_record_view(
        actor=agent, organisation_ids={ticket.queue.organisation_id}, page=1, shown=[]
    )
    messaging.sms_opt_out(actor=None, phone=ticket.phone)  # the person texts STOP


def _customer_actions(user: User) -> None:
    identity.login_succeeded(user=user)
    request = privacy.access_request_start(actor=user)
    privacy.export_opened(actor=user, request=request, fmt="json")


def _text_columns(event: AuditEvent) -> Iterator[tuple[str, str]]:
    for field in AuditEvent._meta.concrete_fields:
        value = getattr(event, field.attname)
        if value in (None, ""):
            continue
        yield field.name, json.dumps(value) if isinstance(value, (dict, list)) else str(value)


def _organisations_of(user: User) -> set[int]:
    """The organisations holding the person's order, queue ticket, request and case."""
    rows: list[Any] = [
        _model("shop.Order").objects.get(user=user),
        _model("queues.Ticket").objects.get(user=user).queue,
        _model("support.Ticket").objects.get(requester=user),
        _model("misuse.Case").objects.get(user=user),
    ]
    return {int(row.organisation_id) for row in rows}


@pytest.mark.promise("FD-2")
@pytest.mark.django_db
def test_no_audit_event_holds_the_persons_data_in_the_clear():
    # given: a person with data in every app, and a member of staff
    user = person_in_every_app(EMAIL, NAME)
    agent = _agent(_organisations_of(user))
    values = _clear_values(user)
    # when: the person and staff act, from a known address and browser
    with context.bound(context.RequestContext(request_id="r2", ip=IP, user_agent=BROWSER)):
        _customer_actions(user)
        for act in (
            _shop_reads,
            _queue_actions,
            _support_actions,
            _privacy_actions,
            _misuse_actions,
            _promotion_actions,
            _staff_actions,
            _messaging_actions,
        ):
            act(agent, user)
    # then: the events are there, and none holds a clear value in any column
    events = list(AuditEvent.objects.order_by("seq"))
    actions = {event.action for event in events}
    assert {
        "shop.order.viewed",
        "queues.ticket.contact_viewed",
        "queues.ticket.summoned",
        "support.ticket.viewed",
        "support.ticket.fraud_marked",
        "privacy.request.viewed",
        "privacy.request.refused",
        "misuse.case.viewed",
        "misuse.hold.placed",
        "promotions.registration.terminated",
        "staff.disclosure.recorded",
        "messaging.sms.opted_out",
        "identity.login.succeeded",
    } <= actions
    leaks = [
        (event.seq, event.action, column, value)
        for event in events
        for column, text in _text_columns(event)
        for value in values
        if value in text
    ]
    assert leaks == []
    assert all(event.ip is None for event in events)


@pytest.mark.promise("FD-2")
@pytest.mark.django_db
def test_the_values_looked_for_cover_every_kind_of_identifying_data():
    # given
    user = person_in_every_app(EMAIL, NAME)
    # when
    values = _clear_values(user)
    # then: names, e-mail addresses, phone numbers, postal addresses and network addresses
    assert {NAME, EMAIL, IP, BROWSER, "1 Planted Street", "2 Planted Road"} <= values
    assert {"+447700900123", "447700900123", "07700900123", "+447700900124"} <= values
    assert f"planted-{user.pk}@example.test" in values
    assert f"planted name {user.pk}" in values
