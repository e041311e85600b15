"""The consent-checked e-mail service (QM-18, QL-2, FD-12, QM-11): non-transactional e-mail
goes only to a recipient who consents at the moment it leaves; a deactivated account gets
nothing; every non-transactional e-mail carries the one-click unsubscribe headers (IN-2)."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import make_user
from django.core import mail

from frontdesk.access.hosts import absolute_url
from frontdesk.messaging import services
from frontdesk.messaging.email import (
    AccountInactiveError,
    ConsentRequiredError,
    email_send,
)
from frontdesk.messaging.models import EmailMessageLog, UnsubscribeToken


def _consent(user: Any, purpose: str = "marketing", *, granted: bool = True) -> None:
    decide = services.consent_give if granted else services.consent_withdraw
    decide(actor=user, user=user, purpose=purpose, policy_version="v1", source="preferences")


def _marketing(user: Any, **extra: Any) -> EmailMessageLog:
    return email_send(
        user=user, purpose="marketing", subject="Spring offers", body_text="20% off.", **extra
    )


@pytest.mark.promise("QM-18", "QL-2", "FD-12")
@pytest.mark.django_db
def test_marketing_without_consent_is_refused_and_nothing_is_recorded(customer, mailoutbox):
    # when
    with pytest.raises(ConsentRequiredError):
        _marketing(customer)
    # then
    assert not EmailMessageLog.objects.exists()
    assert mailoutbox == []


@pytest.mark.promise("QM-18", "FD-12", "IN-2")
@pytest.mark.django_db
def test_marketing_with_consent_is_sent_with_one_click_unsubscribe(
    customer, organisation, mailoutbox, django_capture_on_commit_callbacks
):
    # given
    _consent(customer)
    # when
    with django_capture_on_commit_callbacks(execute=True):
        log = _marketing(customer)
    # then
    (sent,) = mailoutbox
    assert sent.to == [customer.email]
    link = sent.extra_headers["List-Unsubscribe"].strip("<>")
    assert link.startswith(absolute_url("/unsubscribe/", organisation))
    assert sent.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link in sent.body
    assert customer.email not in link
    log.refresh_from_db()
    assert log.status == EmailMessageLog.Status.SENT
    assert log.sent_at is not None
    # the token is stored only as a digest
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert not UnsubscribeToken.objects.filter(token_hash=token).exists()
    assert UnsubscribeToken.objects.filter(user=customer, purpose="marketing").count() == 1


@pytest.mark.promise("QM-18", "QL-2", "FD-12")
@pytest.mark.django_db
def test_marketing_is_refused_again_right_after_withdrawal(customer, mailoutbox):
    # given
    _consent(customer)
    _consent(customer, granted=False)
    # when / then
    with pytest.raises(ConsentRequiredError):
        _marketing(customer)
    assert mailoutbox == []


@pytest.mark.promise("QM-18", "QL-2", "FD-12")
@pytest.mark.django_db
def test_consent_is_checked_again_when_the_queued_email_leaves(
    customer, mailoutbox, django_capture_on_commit_callbacks
):
    # given: consent, and a marketing e-mail queued while it stood
    _consent(customer)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        log = _marketing(customer)
    # when: consent is withdrawn before the delivery task runs
    _consent(customer, granted=False)
    for callback in callbacks:
        callback()
    # then
    assert mailoutbox == []
    log.refresh_from_db()
    assert log.status == EmailMessageLog.Status.REFUSED
    assert "consent" in log.error
    assert not UnsubscribeToken.objects.exists()


@pytest.mark.promise("QM-18")
@pytest.mark.django_db
def test_transactional_email_needs_no_consent_and_no_unsubscribe_link(
    customer, mailoutbox, django_capture_on_commit_callbacks
):
    # when
    with django_capture_on_commit_callbacks(execute=True):
        email_send(
            user=customer,
            purpose="account",
            transactional=True,
            subject="Your password was changed",
            body_text="If it was not you, tell us.",
            body_html="<p>If it was not you, tell us.</p>",
        )
    # then
    (sent,) = mailoutbox
    assert "List-Unsubscribe" not in sent.extra_headers
    assert sent.alternatives[0][1] == "text/html"


@pytest.mark.promise("QM-18")
@pytest.mark.django_db
def test_marketing_cannot_be_passed_off_as_transactional(customer):
    # when / then
    with pytest.raises(ValueError, match="not transactional"):
        _marketing(customer, transactional=True)
    assert not EmailMessageLog.objects.exists()


@pytest.mark.promise("QM-11")
@pytest.mark.django_db
def test_a_deactivated_account_gets_nothing_not_even_transactional(customer, mailoutbox):
    # given: consent to everything, then the account is deactivated
    _consent(customer)
    _consent(customer, "announcements")
    customer.is_active = False
    customer.save()
    # when / then
    for purpose in ("marketing", "announcements", "account"):
        with pytest.raises(AccountInactiveError):
            email_send(user=customer, purpose=purpose, subject="Hello", body_text="Hi")
    # and by address too: the address belongs to the deactivated account
    with pytest.raises(AccountInactiveError):
        email_send(to=customer.email.upper(), purpose="order", subject="Order", body_text="Hi")
    assert mailoutbox == []
    assert not EmailMessageLog.objects.exists()


@pytest.mark.promise("QM-11")
@pytest.mark.django_db
def test_deactivation_after_queueing_still_stops_the_email(
    customer, mailoutbox, django_capture_on_commit_callbacks
):
    # given
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        log = email_send(user=customer, purpose="visit", subject="See you", body_text="Hi")
    # when
    customer.is_active = False
    customer.save()
    for callback in callbacks:
        callback()
    # then
    assert mailoutbox == []
    log.refresh_from_db()
    assert log.status == EmailMessageLog.Status.REFUSED


@pytest.mark.promise("QM-18", "QL-2")
@pytest.mark.django_db
def test_a_bare_address_without_consent_gets_no_marketing(db, mailoutbox):
    # when / then
    with pytest.raises(ConsentRequiredError):
        email_send(to="stranger@example.test", purpose="marketing", subject="Hi", body_text="x")
    assert not EmailMessageLog.objects.exists()


@pytest.mark.django_db
def test_a_delivery_task_run_twice_sends_once(
    customer, mailoutbox, django_capture_on_commit_callbacks
):
    # given
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        email_send(user=customer, purpose="order", subject="Order", body_text="Thanks")
    # when
    for callback in [*callbacks, *callbacks]:
        callback()
    # then
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_exactly_one_recipient_is_required(customer):
    # when / then
    with pytest.raises(ValueError, match="exactly one"):
        email_send(user=customer, to="x@example.test", purpose="order", subject="s", body_text="b")
    with pytest.raises(ValueError, match="exactly one"):
        email_send(purpose="order", subject="s", body_text="b")


@pytest.mark.promise("QL-2")
@pytest.mark.django_db
def test_sms_marketing_stays_refused_and_queue_sms_are_unaffected(
    django_capture_on_commit_callbacks,
):
    # given: someone consents to marketing e-mail — that is no consent to marketing SMS
    user = make_user("sms@example.test")
    _consent(user)
    # when / then
    with pytest.raises(services.MarketingRefusedError):
        services.sms_send(
            phone="+447700900123", body="Offer", organisation_id=None, purpose="marketing"
        )
    with django_capture_on_commit_callbacks(execute=True):
        sms = services.sms_send(phone="+447700900123", body="Your turn", organisation_id=None)
    assert sms is not None
    sms.refresh_from_db()
    assert sms.status == "outbox"
    assert len(mail.outbox) == 0
