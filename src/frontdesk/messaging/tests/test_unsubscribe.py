"""One-click unsubscribe (RFC 8058, IN-2, FD-12): the link in every non-transactional e-mail
works without login, cookie or CSRF token, answers 200 without a redirect, sets no cookie, and
withdraws the consent at once."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from frontdesk.audit.models import AuditEvent
from frontdesk.core import tenancy
from frontdesk.messaging import selectors, services
from frontdesk.messaging.email import ConsentRequiredError, email_send
from frontdesk.messaging.models import Consent
from frontdesk.messaging.policy import policy_version_current


def _marketing_link(user: Any, capture: Any, outbox: list[Any]) -> str:
    """Consent to marketing, send one marketing e-mail, return its List-Unsubscribe URL."""
    services.consent_give(
        actor=user, user=user, purpose="marketing", policy_version="old", source="preferences"
    )
    with capture(execute=True):
        email_send(user=user, purpose="marketing", subject="Offers", body_text="Cheap.")
    return str(outbox[-1].extra_headers["List-Unsubscribe"].strip("<>"))


def _path(url: str) -> str:
    return url[url.index("/unsubscribe/") :]


@pytest.mark.promise("IN-2", "FD-12")
@pytest.mark.django_db
def test_one_click_post_works_without_cookie_or_csrf_and_does_not_redirect(
    customer, organisation, mailoutbox, django_capture_on_commit_callbacks
):
    # given: a mail client with no cookies that enforces nothing but RFC 8058
    path = _path(_marketing_link(customer, django_capture_on_commit_callbacks, mailoutbox))
    client = Client(enforce_csrf_checks=True)
    # when
    response = client.post(path, {"List-Unsubscribe": "One-Click"})
    # then
    assert response.status_code == 200
    assert "Location" not in response.headers
    assert not response.cookies
    assert "Set-Cookie" not in response.headers
    assert selectors.consent_current(user=customer)["marketing"] is False
    latest = Consent.objects.filter(user=customer).first()
    assert latest is not None
    assert latest.source == "unsubscribe_link"
    with tenancy.bound(organisation.tenant):  # the policy of the business the link is at
        assert latest.policy_version == policy_version_current()
    assert AuditEvent.objects.filter(action="messaging.consent.withdrawn").count() == 1


@pytest.mark.promise("IN-2", "FD-12")
@pytest.mark.django_db
def test_a_repeated_post_answers_200_and_records_nothing_more(
    customer, mailoutbox, django_capture_on_commit_callbacks
):
    # given
    path = _path(_marketing_link(customer, django_capture_on_commit_callbacks, mailoutbox))
    client = Client(enforce_csrf_checks=True)
    client.post(path)
    # when
    response = client.post(path)
    # then
    assert response.status_code == 200
    assert Consent.objects.filter(user=customer, granted=False).count() == 1


@pytest.mark.promise("IN-2")
@pytest.mark.django_db
def test_get_shows_a_confirm_button_and_changes_nothing(
    customer, mailoutbox, django_capture_on_commit_callbacks
):
    # given
    path = _path(_marketing_link(customer, django_capture_on_commit_callbacks, mailoutbox))
    # when
    response = Client().get(path)
    # then
    assert response.status_code == 200
    assert b'<form method="post"' in response.content
    assert b"marketing by e-mail" in response.content
    assert not response.cookies
    assert selectors.consent_current(user=customer)["marketing"] is True


@pytest.mark.promise("IN-2")
@pytest.mark.django_db
def test_an_unknown_token_is_404(db):
    # when
    response = Client(enforce_csrf_checks=True).post("/unsubscribe/not-a-real-token/")
    # then
    assert response.status_code == 404


@pytest.mark.promise("QM-18", "IN-2")
@pytest.mark.django_db
def test_after_unsubscribing_the_next_marketing_email_is_refused(
    customer, mailoutbox, django_capture_on_commit_callbacks
):
    # given
    path = _path(_marketing_link(customer, django_capture_on_commit_callbacks, mailoutbox))
    Client(enforce_csrf_checks=True).post(path)
    # when / then
    with pytest.raises(ConsentRequiredError):
        email_send(user=customer, purpose="marketing", subject="More", body_text="x")


@pytest.mark.promise("IN-2")
@pytest.mark.django_db
def test_a_signed_in_person_is_not_redirected_either(
    customer, mailoutbox, django_capture_on_commit_callbacks
):
    # given: the person is signed in but held at the forced password change
    path = _path(_marketing_link(customer, django_capture_on_commit_callbacks, mailoutbox))
    customer.must_change_password = True
    customer.save()
    client = Client()
    client.force_login(customer)
    # when
    response = client.post(path)
    # then
    assert response.status_code == 200
    assert selectors.consent_current(user=customer)["marketing"] is False
