"""Download my data (IN-21, FD-9): the password AND a code e-mailed to the account's address
prove the person; then the export is ready at once, as a page and as JSON, behind a link that
works only for that person and only for 24 hours. A wrong code exports nothing."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
import time_machine
from conftest import PASSWORD, make_user, signed_in_client
from django.core import mail
from django.test import Client
from django.urls import reverse

from frontdesk.audit.models import AuditEvent
from frontdesk.core import clock
from frontdesk.identity.models import User
from frontdesk.privacy import services
from frontdesk.privacy.models import PrivacyRequest
from frontdesk.privacy.states import State

DOWNLOAD = reverse("privacy:centre:download")


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def customer(db) -> User:
    return make_user("casey@example.test", full_name="Casey Customer")


@pytest.fixture
def browser(customer) -> Client:
    return signed_in_client(customer)


def _ask(browser: Client, capture, password: str = PASSWORD):
    with capture(execute=True):
        return browser.post(DOWNLOAD, {"password": password})


def _code() -> str:
    match = re.search(r"\b(\d{6})\b", str(mail.outbox[-1].body))
    assert match is not None
    return match.group(1)


def _verified_export_url(browser: Client, capture) -> str:
    verify = _ask(browser, capture)["Location"]
    response = browser.post(verify, {"code": _code()})
    assert response.status_code == 302
    return str(response["Location"])


def _actions(request: PrivacyRequest) -> list[str]:
    events = AuditEvent.objects.filter(target_type="privacy.privacyrequest", target_id=request.pk)
    return list(events.order_by("seq").values_list("action", flat=True))


@pytest.mark.promise("IN-21", "FD-9")
def test_a_wrong_password_sends_no_code_and_records_no_request(
    browser, django_capture_on_commit_callbacks
):
    # when
    response = _ask(browser, django_capture_on_commit_callbacks, password="not my password")
    # then
    assert response.status_code == 400
    assert mail.outbox == []
    assert not PrivacyRequest.objects.exists()


@pytest.mark.promise("IN-21", "FD-9")
def test_the_right_password_emails_a_code_to_the_account_address(
    browser, customer, django_capture_on_commit_callbacks
):
    # when
    response = _ask(browser, django_capture_on_commit_callbacks)
    # then
    [request] = PrivacyRequest.objects.all()
    assert response["Location"] == reverse("privacy:centre:download_verify", args=[request.pk])
    assert (request.kind, request.state) == (PrivacyRequest.Kind.ACCESS, State.RECEIVED)
    [message] = mail.outbox
    assert message.to == [customer.email]
    assert _code() not in request.code_hash  # only a digest is stored
    assert "casey" not in response["Location"]  # no address in any URL (QL-7)


@pytest.mark.promise("IN-21", "FD-9")
def test_a_wrong_code_is_refused_and_nothing_is_exported(
    browser, django_capture_on_commit_callbacks
):
    # given
    verify = _ask(browser, django_capture_on_commit_callbacks)["Location"]
    wrong = f"{(int(_code()) + 1) % 10**6:06d}"
    # when
    response = browser.post(verify, {"code": wrong})
    # then
    assert response.status_code == 400
    assert b"not right" in response.content
    request = PrivacyRequest.objects.get()
    assert request.state == State.RECEIVED
    assert request.export_token_hash == ""
    assert "privacy.export.downloaded" not in _actions(request)


@pytest.mark.promise("IN-21", "FD-9")
def test_too_many_wrong_codes_refuse_the_request(browser, django_capture_on_commit_callbacks):
    # given
    verify = _ask(browser, django_capture_on_commit_callbacks)["Location"]
    right = _code()
    wrong = f"{(int(right) + 1) % 10**6:06d}"
    # when
    for _ in range(services.CODE_MAX_ATTEMPTS):
        browser.post(verify, {"code": wrong})
    response = browser.post(verify, {"code": right}, follow=True)
    # then: even the right code no longer helps
    request = PrivacyRequest.objects.get()
    assert request.state == State.REFUSED
    assert request.refusal_reason == services.TOO_MANY_CODES
    assert request.export_token_hash == ""
    assert response.redirect_chain[-1][0] == DOWNLOAD


@pytest.mark.promise("IN-21", "FD-9")
def test_an_expired_code_is_refused(browser, django_capture_on_commit_callbacks):
    # given
    verify = _ask(browser, django_capture_on_commit_callbacks)["Location"]
    code = _code()
    # when
    later = clock.now() + timedelta(minutes=services.CODE_MINUTES + 1)
    with time_machine.travel(later, tick=False):
        response = browser.post(verify, {"code": code})
    # then
    assert response.status_code == 400
    assert PrivacyRequest.objects.get().state == State.RECEIVED


@pytest.mark.promise("IN-21", "FD-9")
def test_the_right_code_verifies_the_identity_and_the_export_is_ready_at_once(
    browser, customer, django_capture_on_commit_callbacks
):
    # when
    export_url = _verified_export_url(browser, django_capture_on_commit_callbacks)
    page = browser.get(export_url)
    # then
    request = PrivacyRequest.objects.get()
    assert request.state == State.DONE
    assert request.closed_at is not None
    assert _actions(request) == [
        "privacy.request.received",
        "privacy.request.code_sent",
        "privacy.request.identity_verified",
        "privacy.request.done",
        "privacy.export.downloaded",
    ]
    assert page.status_code == 200
    assert b"casey@example.test" in page.content
    assert b"Casey Customer" in page.content
    assert b"Not linked to your account" in page.content


@pytest.mark.promise("IN-21", "FD-9")
def test_the_json_export_is_valid_json_with_every_section(
    browser, customer, django_capture_on_commit_callbacks
):
    # given
    export_url = _verified_export_url(browser, django_capture_on_commit_callbacks)
    # when
    response = browser.get(f"{export_url}data.json")
    # then
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert set(data) >= {
        "format",
        "generated_at",
        "policy_version",
        "account",
        "sections",
        "audit_events",
        "privacy_requests",
        "not_linked",
    }
    assert data["account"] == {"id": customer.pk}
    users = next(s for s in data["sections"] if s["model"] == "identity.User")
    assert users["rows"][0]["email"] == "casey@example.test"


@pytest.mark.promise("IN-21", "FD-9")
def test_another_person_cannot_open_the_export_link(browser, django_capture_on_commit_callbacks):
    # given
    export_url = _verified_export_url(browser, django_capture_on_commit_callbacks)
    someone = signed_in_client(make_user("someone@example.test"))
    # when / then
    assert someone.get(export_url).status_code == 404
    assert someone.get(f"{export_url}data.json").status_code == 404
    assert Client().get(export_url).status_code == 302  # to sign-in


@pytest.mark.promise("IN-21")
def test_the_export_link_ends_after_24_hours(browser, customer, django_capture_on_commit_callbacks):
    # given
    export_url = _verified_export_url(browser, django_capture_on_commit_callbacks)
    # when
    later = clock.now() + timedelta(hours=services.EXPORT_HOURS, minutes=1)
    with time_machine.travel(later, tick=False):
        # a new session: the old one has long timed out
        response = signed_in_client(customer).get(export_url)
    # then
    assert response.status_code == 404


@pytest.mark.promise("IN-21")
def test_someone_elses_verification_page_is_not_found(browser, django_capture_on_commit_callbacks):
    # given
    verify = _ask(browser, django_capture_on_commit_callbacks)["Location"]
    someone = signed_in_client(make_user("someone@example.test"))
    # when
    response = someone.post(verify, {"code": _code()})
    # then
    assert response.status_code == 404
    assert PrivacyRequest.objects.get().state == State.RECEIVED
