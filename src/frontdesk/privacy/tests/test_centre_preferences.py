"""Preferences (FD-12, IN-16): consent per purpose, one click to give and one to withdraw, with
time and policy version; Global Privacy Control is an opt-out of marketing (FD-12)."""

from __future__ import annotations

import pytest
from conftest import business, make_user, signed_in_client

from frontdesk.messaging import selectors as messaging
from frontdesk.messaging.email import email_send
from frontdesk.messaging.errors import ConsentRequiredError
from frontdesk.messaging.services import consent_give
from frontdesk.privacy.selectors import policy_version

URL = "/account/privacy/preferences/"


@pytest.fixture
def signed_in(client, customer):
    client.force_login(customer)
    return client


@pytest.mark.promise("FD-12", "IN-16", "QM-18")
@pytest.mark.django_db
def test_consent_is_one_click_to_give_and_one_to_withdraw_with_time_and_version(
    signed_in, customer
):
    # when
    signed_in.post(URL, {"purpose": "marketing", "decision": "give"})
    # then
    latest = messaging.consent_latest(user=customer, purpose="marketing")
    assert latest is not None
    assert latest.granted
    assert latest.policy_version == policy_version(organisation=customer.organisation)
    assert latest.source == "preferences"
    # when
    signed_in.post(URL, {"purpose": "marketing", "decision": "withdraw"})
    # then
    assert messaging.consent_current(user=customer)["marketing"] is False
    assert messaging.consent_history(user=customer).count() == 2
    page = signed_in.get(URL).content.decode()
    assert "Marketing by e-mail" in page
    assert "Say yes" in page


@pytest.mark.django_db
def test_an_unknown_preference_changes_nothing(signed_in, customer):
    signed_in.post(URL, {"purpose": "resell-my-data", "decision": "give"})
    assert messaging.consent_history(user=customer).count() == 0


@pytest.mark.promise("FD-12", "IN-1", "QM-18")
@pytest.mark.django_db
def test_global_privacy_control_withdraws_marketing_and_the_next_send_is_refused(
    signed_in, customer
):
    # given: the customer had said yes to marketing
    consent_give(
        actor=customer, user=customer, purpose="marketing", policy_version="v1", source="signup"
    )
    # when: their browser visits with GPC on
    signed_in.get("/account/", HTTP_SEC_GPC="1")
    # then: the no is recorded, and a marketing send is refused
    latest = messaging.consent_latest(user=customer, purpose="marketing")
    assert latest is not None
    assert not latest.granted
    assert latest.source == "gpc"
    with pytest.raises(ConsentRequiredError):
        email_send(user=customer, purpose="marketing", subject="Sale", body_text="50% off")


@pytest.mark.promise("FD-12")
@pytest.mark.django_db
def test_a_yes_to_marketing_is_not_taken_while_the_browser_sends_gpc(signed_in, customer):
    # when
    signed_in.post(URL, {"purpose": "marketing", "decision": "give"}, HTTP_SEC_GPC="1")
    # then
    assert messaging.consent_current(user=customer)["marketing"] is False
    # and announcements (not marketing) can still be chosen
    signed_in.post(URL, {"purpose": "announcements", "decision": "give"}, HTTP_SEC_GPC="1")
    assert messaging.consent_current(user=customer)["announcements"] is True


# --- consent per business (FD-16) ---------------------------------------------------------


@pytest.fixture
def two_shops(db):
    """One address with an account at two businesses (accounts are per business)."""
    julie = business("Julie Floral", "julie-floral", modules=["shop"])
    qmobility = business("QMobility", "qmobility", modules=["shop"])
    return (
        make_user("same@example.test", organisation=julie),
        make_user("same@example.test", organisation=qmobility),
    )


@pytest.mark.promise("FD-16", "FD-12")
def test_a_yes_at_one_business_is_no_yes_at_another(two_shops):
    # given
    at_julie, at_qmobility = two_shops
    # when: the person says yes to marketing at Julie Floral's site
    signed_in_client(at_julie).post(URL, {"purpose": "marketing", "decision": "give"})
    # then: Julie Floral has the yes, under its own policy; QMobility has no consent at all
    latest = messaging.consent_latest(user=at_julie, purpose="marketing")
    assert latest is not None
    assert latest.granted
    assert latest.policy_version == policy_version(organisation=at_julie.organisation)
    assert latest.policy_version != policy_version(organisation=at_qmobility.organisation)
    assert messaging.consent_current(user=at_qmobility)["marketing"] is False
    assert messaging.consent_history(user=at_qmobility).count() == 0
    # and QMobility's preferences page shows its own account's choice
    page = signed_in_client(at_qmobility).get(URL).content.decode()
    assert "Say yes" in page


@pytest.mark.promise("FD-16", "FD-12")
def test_gpc_at_one_business_withdraws_only_that_businesss_consent(two_shops):
    # given: a yes at both businesses
    for account in two_shops:
        consent_give(
            actor=account, user=account, purpose="marketing", policy_version="v1", source="x"
        )
    at_julie, at_qmobility = two_shops
    # when: the browser visits QMobility with GPC on
    signed_in_client(at_qmobility).get("/account/", HTTP_SEC_GPC="1")
    # then: QMobility records the no, under its policy; Julie Floral's yes stands
    latest = messaging.consent_latest(user=at_qmobility, purpose="marketing")
    assert latest is not None
    assert (latest.granted, latest.source) == (False, "gpc")
    assert latest.policy_version == policy_version(organisation=at_qmobility.organisation)
    assert messaging.consent_current(user=at_julie)["marketing"] is True
