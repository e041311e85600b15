"""Data-subject requests (FD-9) and what a customer can ask for: a correction (IN-22), erasure
(FD-11), deactivation (QM-11), reinstatement of an account on hold (IN-23); every request has
states, a due date one month out and an audit event per change; staff work them from a queue
(404 for people without grants, 403 for staff without `privacy.requests`)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from conftest import PASSWORD, make_user, signed_in_client
from django.test import Client
from django.urls import reverse

from frontdesk.access import capabilities as caps
from frontdesk.access import services as access
from frontdesk.access.scopes import Scope
from frontdesk.audit.models import AuditEvent
from frontdesk.core import clock
from frontdesk.identity.models import User
from frontdesk.privacy import services
from frontdesk.privacy.models import RESPONSE_DAYS, PrivacyRequest
from frontdesk.privacy.states import TRANSITIONS, InvalidTransitionError, State

Kind = PrivacyRequest.Kind
QUEUE = reverse("privacy:centre:staff_queue")


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def customer(db) -> User:
    return make_user("casey@example.test", full_name="Casey Customer")


@pytest.fixture
def clerk(organisation) -> User:
    """Staff of the organisation, without `privacy.requests`."""
    role = access.role_create(
        actor=None, organisation=organisation, name="Clerk", capabilities=[caps.QUEUE_SUMMON]
    )
    user = make_user("clerk@acme.test", staff=True)
    access.grant_add(actor=None, user=user, role=role, scope=Scope("organisation", organisation.pk))
    return user


def _actions(request: PrivacyRequest) -> list[str]:
    events = AuditEvent.objects.filter(target_type="privacy.privacyrequest", target_id=request.pk)
    return list(events.order_by("seq").values_list("action", flat=True))


def _request(user: User, kind: str = Kind.CORRECTION) -> PrivacyRequest:
    return services.privacy_request_create(actor=user, user=user, kind=kind, details="Wrong name")


# --- states, due date, audit --------------------------------------------------------------


@pytest.mark.promise("FD-9")
def test_a_request_is_due_one_month_after_it_is_received(customer):
    # when
    request = _request(customer)
    # then
    assert request.state == State.RECEIVED
    assert request.due_at - request.created_at == timedelta(days=RESPONSE_DAYS)
    assert _actions(request) == ["privacy.request.received"]


@pytest.mark.promise("FD-9")
def test_each_state_change_is_audited_and_closing_stamps_the_time(customer, owner):
    # given
    request = _request(customer)
    # when
    services.privacy_request_start(actor=owner, request=request)
    done = services.privacy_request_complete(actor=owner, request=request)
    # then
    assert done.state == State.DONE
    assert done.closed_at is not None
    assert done.handled_by == owner
    assert _actions(done) == [
        "privacy.request.received",
        "privacy.request.in_progress",
        "privacy.request.done",
    ]
    event = AuditEvent.objects.get(action="privacy.request.done")
    assert event.actor_id == owner.pk
    assert "Wrong name" not in str(event.details)  # ids only in the audit log


@pytest.mark.promise("FD-9")
def test_a_refusal_needs_a_reason_and_records_it(customer, owner):
    # given
    request = _request(customer)
    # when / then: no reason, no change
    with pytest.raises(ValueError, match="reason"):
        services.privacy_request_refuse(actor=owner, request=request, reason="  ")
    assert PrivacyRequest.objects.get().state == State.RECEIVED
    # when
    refused = services.privacy_request_refuse(actor=owner, request=request, reason="Not ours.")
    # then
    assert (refused.state, refused.refusal_reason) == (State.REFUSED, "Not ours.")
    assert _actions(refused)[-1] == "privacy.request.refused"


@pytest.mark.promise("FD-9")
def test_a_closed_request_cannot_change_again(customer, owner):
    # given
    request = _request(customer)
    services.privacy_request_refuse(actor=owner, request=request, reason="Duplicate.")
    # when / then
    with pytest.raises(InvalidTransitionError):
        services.privacy_request_start(actor=owner, request=request)
    assert _actions(request)[-1] == "privacy.request.refused"


@pytest.mark.promise("FD-9")
def test_the_transition_table_ends_in_done_or_refused():
    # then: every state can reach an end, and the ends lead nowhere
    assert TRANSITIONS[State.DONE] == TRANSITIONS[State.REFUSED] == frozenset()
    for state in (State.RECEIVED, State.IDENTITY_VERIFIED, State.IN_PROGRESS):
        assert State.REFUSED in TRANSITIONS[state]
    assert State.DONE not in TRANSITIONS[State.RECEIVED]  # identity or staff first


# --- the customer's requests --------------------------------------------------------------


@pytest.mark.promise("IN-22", "FD-9")
def test_a_customer_asks_for_a_correction_and_sees_its_state(customer):
    # given
    browser = signed_in_client(customer)
    # when
    response = browser.post(
        reverse("privacy:centre:correction"), {"details": "My surname is Customer, not Costumer."}
    )
    page = browser.get(reverse("privacy:centre:index"))
    # then
    assert response.status_code == 302
    request = PrivacyRequest.objects.get()
    assert (request.user, request.kind, request.state) == (customer, Kind.CORRECTION, "received")
    assert request.details == "My surname is Customer, not Costumer."
    assert b"Correction" in page.content
    assert b"Received" in page.content


@pytest.mark.promise("IN-22")
def test_an_empty_correction_request_is_refused(customer):
    # when
    response = signed_in_client(customer).post(reverse("privacy:centre:correction"), {})
    # then
    assert response.status_code == 400
    assert not PrivacyRequest.objects.exists()


@pytest.mark.promise("FD-11", "FD-9")
def test_a_customer_asks_for_erasure_with_their_password(customer):
    # given
    browser = signed_in_client(customer)
    url = reverse("privacy:centre:erasure")
    # when: a wrong password changes nothing
    refused = browser.post(url, {"password": "not it at all", "confirm": "on"})
    accepted = browser.post(url, {"password": PASSWORD, "confirm": "on"})
    # then
    assert refused.status_code == 400
    assert accepted.status_code == 302
    request = PrivacyRequest.objects.get()
    assert (request.kind, request.state) == (Kind.ERASURE, State.RECEIVED)
    assert b"Erasure" in browser.get(reverse("privacy:centre:index")).content


@pytest.mark.promise("QM-11")
def test_a_deactivated_account_is_signed_out_and_cannot_sign_in(customer):
    # given
    browser = signed_in_client(customer)
    # when
    response = browser.post(
        reverse("privacy:centre:deactivate"), {"password": PASSWORD, "confirm": "on"}
    )
    # then
    assert response.status_code == 200
    customer.refresh_from_db()
    assert not customer.is_active
    assert AuditEvent.objects.filter(
        action="identity.account.deactivated", target_id=str(customer.pk)
    ).exists()
    assert browser.get(reverse("privacy:centre:index")).status_code == 302  # signed out
    login = Client().post(
        reverse("identity:login"), {"username": customer.email, "password": PASSWORD}
    )
    assert "_auth_user_id" not in login.client.session


@pytest.mark.promise("QM-11")
def test_deactivation_needs_the_password(customer):
    # when
    response = signed_in_client(customer).post(
        reverse("privacy:centre:deactivate"), {"password": "guess guess guess", "confirm": "on"}
    )
    # then
    assert response.status_code == 400
    customer.refresh_from_db()
    assert customer.is_active


@pytest.mark.promise("IN-23")
def test_the_reinstatement_form_answers_the_same_for_any_address(customer, db):
    # given: one account on hold, one active, one address without an account
    on_hold = make_user("held@example.test", is_active=False)
    url = reverse("privacy:centre:reinstatement")
    # when
    answers = [
        Client().post(url, {"email": email, "details": "Please"})
        for email in ("held@example.test", customer.email, "nobody@example.test")
    ]
    # then
    assert {answer.status_code for answer in answers} == {200}
    assert len({answer.content for answer in answers}) == 1
    [request] = PrivacyRequest.objects.all()
    assert (request.user, request.kind) == (on_hold, Kind.REINSTATEMENT)
    assert request.details == "Please"
    # and asking again does not pile up requests
    Client().post(url, {"email": "HELD@example.test"})
    assert PrivacyRequest.objects.count() == 1


# --- the staff queue ----------------------------------------------------------------------


@pytest.mark.promise("FD-9")
def test_the_queue_is_hidden_from_people_without_grants(customer, outsider):
    # when / then
    assert signed_in_client(customer).get(QUEUE).status_code == 404
    assert signed_in_client(outsider).get(QUEUE).status_code == 404


@pytest.mark.promise("FD-9")
def test_staff_without_the_capability_are_refused(clerk, customer):
    # given
    request = _request(customer)
    browser = signed_in_client(clerk)
    # when / then
    assert browser.get(QUEUE).status_code == 403
    detail = reverse("privacy:centre:staff_request", args=[request.pk])
    assert browser.get(detail).status_code == 403
    assert browser.post(reverse("privacy:centre:staff_start", args=[request.pk])).status_code == 403
    assert PrivacyRequest.objects.get().state == State.RECEIVED


@pytest.mark.promise("FD-9")
def test_the_queue_lists_open_requests_soonest_due_first_with_overdue_marked(customer, owner):
    # given
    late = _request(customer, Kind.ERASURE)
    PrivacyRequest.objects.filter(pk=late.pk).update(due_at=clock.now() - timedelta(days=1))
    recent = _request(customer)
    closed = _request(customer)
    services.privacy_request_refuse(actor=owner, request=closed, reason="Duplicate.")
    # when
    response = signed_in_client(owner).get(QUEUE)
    # then
    assert response.status_code == 200
    assert [r.pk for r in response.context["requests"]] == [late.pk, recent.pk]
    assert b"Overdue" in response.content
    assert b"casey@example.test" not in response.content  # the list names accounts by id


@pytest.mark.promise("FD-9")
def test_reading_a_request_is_audited_and_staff_can_work_it(customer, owner):
    # given
    request = _request(customer)
    browser = signed_in_client(owner)
    # when
    page = browser.get(reverse("privacy:centre:staff_request", args=[request.pk]))
    browser.post(reverse("privacy:centre:staff_start", args=[request.pk]))
    browser.post(reverse("privacy:centre:staff_complete", args=[request.pk]))
    # then
    assert page.status_code == 200
    assert b"Wrong name" in page.content
    assert _actions(request) == [
        "privacy.request.received",
        "privacy.request.viewed",
        "privacy.request.in_progress",
        "privacy.request.done",
    ]
    assert PrivacyRequest.objects.get().state == State.DONE


@pytest.mark.promise("FD-9")
def test_staff_refuse_with_a_reason_the_customer_sees(customer, owner):
    # given
    request = _request(customer)
    url = reverse("privacy:centre:staff_refuse", args=[request.pk])
    browser = signed_in_client(owner)
    # when: without a reason nothing changes
    empty = browser.post(url, {"reason": ""})
    refused = browser.post(url, {"reason": "We hold no such data."})
    # then
    assert empty.status_code == 400
    assert refused.status_code == 302
    assert PrivacyRequest.objects.get().state == State.REFUSED
    index = signed_in_client(customer).get(reverse("privacy:centre:index"))
    assert b"We hold no such data." in index.content


@pytest.mark.promise("FD-9")
def test_the_queue_holds_staff_at_the_second_factor_like_every_staff_page(owner):
    # given: signed in with the password only, no second factor given in this session
    browser = Client()
    browser.force_login(owner)
    # when
    response = browser.get(QUEUE)
    # then
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("identity:otp_setup"))
