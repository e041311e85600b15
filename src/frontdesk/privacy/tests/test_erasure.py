"""Erasure (FD-11, JF-7) and reinstatement (IN-23), carried out when staff complete the
request (FD-9). The person has data in every app (planted from the declarations, as the export
test does, so a new declaration is covered without a change here); after the erasure, raw SQL
finds none of their values in any table: destroyed, not hidden. Records kept for statistics
or by law stay, without the identity; the account row stays, unusable."""

from __future__ import annotations

from typing import Any

import pytest
from axes.models import AccessAttempt
from conftest import PASSWORD, make_user, signed_in_client
from django.apps import apps
from django.core import mail
from django.db import connection
from django.db.models import CharField, GenericIPAddressField, TextField
from django.test import Client
from django.urls import reverse

from frontdesk.audit.models import AuditEvent
from frontdesk.audit.selectors import audit_chain_verify
from frontdesk.core.declarations import not_personal, personal_data
from frontdesk.identity import services as identity
from frontdesk.identity.models import User
from frontdesk.identity.selectors import lockout_key
from frontdesk.messaging.models import AnnouncementSubscriber
from frontdesk.privacy import erasure, export, services
from frontdesk.privacy.models import PrivacyRequest
from frontdesk.privacy.states import InvalidTransitionError, State
from frontdesk.privacy.tests.test_centre_export import _person
from frontdesk.vault import keyring

Kind = PrivacyRequest.Kind
ACCOUNT = reverse("privacy:centre:index")
LOGIN = reverse("identity:login")
# Append-only, never changed by an erasure; it names people by id (its address column is
# declared, kept without identity, and not tied to an account).
NEVER_ERASED = {AuditEvent._meta.db_table}


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _values_of(user: User) -> set[str]:
    """Every declared text value about `user`, as stored (secrets included)."""
    values: set[str] = set()
    for item in personal_data():
        if not item.subject:
            continue
        for row in export.rows_about(item, user):
            values |= {str(getattr(row, name)) for name in item.fields}
    return {value for value in values if value and value != "None"}


def _readable(value: Any, context: str) -> str | None:
    """A stored value as whoever holds the database and the vault can read it: sealed values
    opened while their key lives."""
    if not value:
        return None
    if not keyring.is_sealed(value):
        return str(value)
    try:
        return keyring.unseal(value, context=context)
    except keyring.KeyDestroyedError:
        return None


def _stored_text() -> set[str]:
    """Every text value of every table, read with raw SQL (sealed ones opened with the vault);
    the audit log aside, and fields explained as not personal (a planted organisation may
    share a planted ticket's name)."""
    exempt = not_personal()
    found: set[str] = set()
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            table = model._meta.db_table
            if table in NEVER_ERASED or model._meta.proxy or model._meta.app_label == "vault":
                continue
            for field in model._meta.concrete_fields:
                if (model._meta.label_lower, field.name) in exempt:
                    continue
                if isinstance(field, (CharField, TextField, GenericIPAddressField)):
                    column = connection.ops.quote_name(field.column)
                    cursor.execute(f"SELECT {column} FROM {connection.ops.quote_name(table)}")  # noqa: S608
                    context = f"{model._meta.label_lower}.{field.name}"
                    readable = (_readable(value, context) for (value,) in cursor.fetchall())
                    found |= {text for text in readable if text is not None}
    return found


def _raw_one(sql: str, params: list[Any]) -> tuple[Any, ...]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    assert row is not None
    return tuple(row)


def _plant_more(user: User) -> Client:
    """What `_person` does not plant: an API token, a list subscription, failed sign-ins, and
    a signed-in browser (a session and a second-factor device)."""
    identity.apitoken_create(actor=user, user=user, name="script", scopes=[])
    AnnouncementSubscriber.objects.create(
        organisation=user.organisation, email=user.email, token_hash="x" * 64
    )
    browser = signed_in_client(user)  # a successful sign-in resets failed ones: plant after
    AccessAttempt.objects.create(
        username=lockout_key(user.email, user.organisation_id),
        ip_address="192.0.2.99",
        user_agent="UA",
        failures_since_start=1,
    )
    return browser


def _staff_completes(staff: Client, request: PrivacyRequest, capture: Any) -> None:
    """Staff take the request in hand and mark it done, through the queue's pages."""
    assert staff.post(reverse("privacy:centre:staff_start", args=[request.pk])).status_code == 302
    with capture(execute=True):
        done = staff.post(reverse("privacy:centre:staff_complete", args=[request.pk]))
    assert done.status_code == 302


def _erasure_request(user: User) -> PrivacyRequest:
    return services.privacy_request_create(
        actor=user, user=user, kind=Kind.ERASURE, details="Please forget Casey Customer."
    )


@pytest.mark.promise("FD-11", "JF-7", "FD-9")
@pytest.mark.django_db
def test_erasure_destroys_every_declared_value_of_the_person(
    owner, staff_client, django_capture_on_commit_callbacks
):
    # given: a person with data in every app, signed in somewhere, and someone else
    user = _person("casey@example.test", "Casey Customer")
    browser = _plant_more(user)
    other = _person("olga@example.test", "Olga Other")
    request = _erasure_request(user)
    theirs = _values_of(user) - _values_of(other)
    theirs |= {"casey@example.test", "Casey Customer", "Please forget Casey Customer."}
    theirs |= {"192.0.2.99"}  # the failed sign-in's address, kept under the old e-mail
    others_before = export.export_for(other)["sections"]
    assert theirs <= _stored_text()
    # when: staff complete the erasure request
    _staff_completes(staff_client(owner), request, django_capture_on_commit_callbacks)
    # then: none of the person's values is left in any table
    assert theirs & _stored_text() == set()
    # and the other person's data is untouched
    assert export.export_for(other)["sections"] == others_before
    assert User.objects.get(pk=other.pk).email == "olga@example.test"
    # and the signed-in browser is signed out
    assert browser.get(ACCOUNT).status_code == 302


@pytest.mark.promise("FD-11", "JF-7")
@pytest.mark.django_db
def test_records_kept_for_statistics_or_by_law_stay_without_identity(
    owner, staff_client, django_capture_on_commit_callbacks
):
    # given
    user = _person("casey@example.test", "Casey Customer")
    request = _erasure_request(user)
    ticket = apps.get_model("queues", "Ticket")._base_manager.get(user=user)
    # when
    _staff_completes(staff_client(owner), request, django_capture_on_commit_callbacks)
    # then: the ticket still counts in the statistics, but names nobody
    row = _raw_one("SELECT name, phone, user_id FROM queues_ticket WHERE id = %s", [ticket.pk])
    assert row == ("", "", None)
    # and the request is kept as proof it was handled, its free text gone
    kind, state, details, due, closed = _raw_one(
        "SELECT kind, state, details, due_at, closed_at FROM privacy_privacyrequest WHERE id = %s",
        [request.pk],
    )
    assert (kind, state, details) == (Kind.ERASURE, State.DONE, "")
    assert due is not None
    assert closed is not None


@pytest.mark.promise("FD-11", "JF-7")
@pytest.mark.django_db
def test_the_erased_account_stays_but_cannot_sign_in(
    owner, staff_client, django_capture_on_commit_callbacks
):
    # given
    user = _person("casey@example.test", "Casey Customer")
    request = _erasure_request(user)
    # when
    _staff_completes(staff_client(owner), request, django_capture_on_commit_callbacks)
    # then: the row stays (what refers to it stays valid), with no identity
    stored_email, name, active, password = _raw_one(
        "SELECT email, full_name, is_active, password FROM identity_user WHERE id = %s",
        [user.pk],
    )
    email = User.objects.get(pk=user.pk).email
    assert email == f"erased-{user.pk}@erased.invalid"
    assert stored_email.startswith("fd1:")  # sealed, like every address
    assert (name, bool(active)) == ("", False)
    assert password.startswith("!")  # unusable
    # and neither the old nor the placeholder address signs in
    for address in ("casey@example.test", email):
        client = Client()
        client.post(LOGIN, {"username": address, "password": PASSWORD})
        assert "_auth_user_id" not in client.session
    # and the person was told at their old address, once
    [sent] = [m for m in mail.outbox if m.subject == erasure.ERASED_SUBJECT]
    assert sent.to == ["casey@example.test"]


@pytest.mark.promise("FD-11", "FD-9")
@pytest.mark.django_db
def test_the_audit_log_is_intact_and_records_one_erasure_by_id(
    owner, staff_client, django_capture_on_commit_callbacks
):
    # given
    user = _person("casey@example.test", "Casey Customer")
    _plant_more(user)
    request = _erasure_request(user)
    before = AuditEvent.objects.count()
    # when
    _staff_completes(staff_client(owner), request, django_capture_on_commit_callbacks)
    # then: nothing was changed or removed, and the erasure is one event naming ids only
    checked, problem = audit_chain_verify()
    assert problem is None
    assert checked > before
    [event] = AuditEvent.objects.filter(action="privacy.account.erased")
    assert (event.actor_id, event.target_id) == (owner.pk, str(user.pk))
    assert event.details["deleted"]["identity.LoginAttempt"] == 2
    assert event.details["anonymised"]["queues.Ticket"] == 1
    assert event.details["deleted"]["otp_totp.TOTPDevice"] == 2  # declared: erased with the rest
    assert event.details["account"] == {
        "otp_devices": 0,  # the undeclared kinds (backup codes) would be counted here
        "api_tokens": 1,
        "sessions": 1,  # the person's only: the staff member's own session stays
        "failed_logins": 1,
        "data_keys": 1,
    }
    assert "casey" not in str(event.details).lower()
    assert "Casey" not in str(event.details)
    actions = list(
        AuditEvent.objects.filter(target_type="privacy.privacyrequest", target_id=request.pk)
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions[-2:] == ["privacy.request.in_progress", "privacy.request.done"]


@pytest.mark.promise("FD-9")
@pytest.mark.django_db
def test_a_closed_erasure_request_erases_nothing(owner):
    # given: an erasure request refused
    user = make_user("casey@example.test", full_name="Casey Customer")
    request = _erasure_request(user)
    services.privacy_request_refuse(actor=owner, request=request, reason="Not verified.")
    # when / then
    with pytest.raises(InvalidTransitionError):
        services.privacy_request_complete(actor=owner, request=request)
    user.refresh_from_db()
    assert (user.email, user.is_active) == ("casey@example.test", True)
    assert not AuditEvent.objects.filter(action="privacy.account.erased").exists()


# --- Reinstatement (IN-23) ----------------------------------------------------------------


def _on_hold(email: str) -> tuple[User, PrivacyRequest]:
    user = make_user(email, full_name="Casey Customer")
    identity.account_deactivate(actor=None, user=user)
    request = services.reinstatement_request(email=email, details="I was locked out by mistake.")
    assert request is not None
    return user, request


@pytest.mark.promise("IN-23", "FD-9")
@pytest.mark.django_db
def test_staff_reinstate_an_account_on_hold(
    owner, staff_client, django_capture_on_commit_callbacks
):
    # given
    user, request = _on_hold("casey@example.test")
    # when
    _staff_completes(staff_client(owner), request, django_capture_on_commit_callbacks)
    # then: the account is active again, audited, and its owner told
    user.refresh_from_db()
    assert user.is_active
    event = AuditEvent.objects.get(action="identity.account.reactivated")
    assert (event.actor_id, event.target_id) == (owner.pk, str(user.pk))
    [sent] = [m for m in mail.outbox if m.subject == services.REINSTATED_SUBJECT]
    assert sent.to == ["casey@example.test"]
    assert PrivacyRequest.objects.get(pk=request.pk).state == State.DONE
    # and the person can sign in again
    client = Client()
    client.post(LOGIN, {"username": "casey@example.test", "password": PASSWORD})
    assert client.session.get("_auth_user_id") == str(user.pk)


@pytest.mark.promise("IN-23", "FD-11")
@pytest.mark.django_db
def test_an_erased_account_cannot_be_reinstated(owner):
    # given: an account on hold asks to come back, then is erased
    user, reinstatement = _on_hold("casey@example.test")
    erasure.account_erase(actor=owner, user=user)
    reinstatement = services.privacy_request_start(actor=owner, request=reinstatement)
    # when / then
    with pytest.raises(InvalidTransitionError, match="erased"):
        services.privacy_request_complete(actor=owner, request=reinstatement)
    user.refresh_from_db()
    assert not user.is_active
    assert PrivacyRequest.objects.get(pk=reinstatement.pk).state == State.IN_PROGRESS
    assert not AuditEvent.objects.filter(action="identity.account.reactivated").exists()
