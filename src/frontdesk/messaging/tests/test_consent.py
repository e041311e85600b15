"""Consent records (FD-12): giving and withdrawing are one call each, kept as an append-only
history with time, policy version and source; the newest decision is the current state."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine

from frontdesk.audit.models import AuditEvent
from frontdesk.messaging import selectors, services
from frontdesk.messaging.models import Consent
from frontdesk.messaging.purposes import UnknownPurposeError

GIVEN_AT = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
WITHDRAWN_AT = datetime(2025, 4, 2, 17, 30, tzinfo=UTC)


@pytest.mark.promise("FD-12")
@pytest.mark.django_db
def test_nobody_consents_to_anything_by_default(customer):
    # when
    current = selectors.consent_current(user=customer)
    # then
    assert current == {"announcements": False, "marketing": False, "queue_sms": False}


@pytest.mark.promise("FD-12", "QM-18")
@pytest.mark.django_db
def test_give_then_withdraw_keeps_both_decisions_with_time_and_policy_version(customer):
    # given
    with time_machine.travel(GIVEN_AT, tick=False):
        services.consent_give(
            actor=customer,
            user=customer,
            purpose="marketing",
            policy_version="aaa111",
            source="preferences",
        )
    # when
    with time_machine.travel(WITHDRAWN_AT, tick=False):
        services.consent_withdraw(
            actor=customer,
            user=customer,
            purpose="marketing",
            policy_version="bbb222",
            source="preferences",
        )
    # then
    history = [
        (c.purpose, c.channel, c.granted, c.created_at, c.policy_version, c.source)
        for c in selectors.consent_history(user=customer)
    ]
    assert history == [
        ("marketing", "email", False, WITHDRAWN_AT, "bbb222", "preferences"),
        ("marketing", "email", True, GIVEN_AT, "aaa111", "preferences"),
    ]
    assert selectors.consent_current(user=customer)["marketing"] is False


@pytest.mark.promise("FD-12")
@pytest.mark.django_db
def test_each_decision_is_audited_against_the_person_by_id(customer):
    # when
    given = services.consent_give(
        actor=customer, user=customer, purpose="queue_sms", policy_version="v1", source="signup"
    )
    withdrawn = services.consent_withdraw(
        actor=None, user=customer, purpose="queue_sms", policy_version="v1", source="gpc"
    )
    # then
    events = list(
        AuditEvent.objects.filter(action__startswith="messaging.consent.").order_by("seq")
    )
    assert [e.action for e in events] == ["messaging.consent.given", "messaging.consent.withdrawn"]
    assert [e.details["consent_id"] for e in events] == [given.pk, withdrawn.pk]
    assert events[0].target_type == "identity.user"
    assert events[0].target_id == str(customer.pk)
    assert events[1].details["channel"] == "sms"
    assert events[1].details["source"] == "gpc"
    assert customer.email not in str([e.details for e in events])


@pytest.mark.promise("FD-12")
@pytest.mark.django_db
def test_repeating_the_same_decision_records_nothing_new(customer):
    # given
    first = services.consent_give(
        actor=customer, user=customer, purpose="announcements", policy_version="v1", source="x"
    )
    # when
    again = services.consent_give(
        actor=customer, user=customer, purpose="announcements", policy_version="v1", source="x"
    )
    renewed = services.consent_give(
        actor=customer, user=customer, purpose="announcements", policy_version="v2", source="x"
    )
    # then: a new policy version is a new decision; the same click twice is not
    assert again == first
    assert renewed != first
    assert Consent.objects.filter(user=customer).count() == 2


@pytest.mark.django_db
def test_an_unknown_purpose_is_refused_and_changes_nothing(customer):
    # when
    with pytest.raises(UnknownPurposeError):
        services.consent_give(
            actor=customer, user=customer, purpose="spam", policy_version="v1", source="x"
        )
    # then
    assert not Consent.objects.exists()


@pytest.mark.promise("FD-12")
@pytest.mark.django_db
def test_purposes_are_independent(customer):
    # when
    services.consent_give(
        actor=customer, user=customer, purpose="announcements", policy_version="v", source="x"
    )
    services.consent_withdraw(
        actor=customer, user=customer, purpose="marketing", policy_version="v", source="x"
    )
    # then
    assert selectors.consent_current(user=customer) == {
        "announcements": True,
        "marketing": False,
        "queue_sms": False,
    }
