from __future__ import annotations

import pytest
from django.test import Client

from frontdesk.messaging.models import SmsOptOut
from frontdesk.messaging.webhooks import twilio_signature

URL = "/hooks/sms/inbound"
FULL_URL = "http://testserver/hooks/sms/inbound"
PHONE = "+447700900123"
SECRET = "webhook-secret"


def _post(body: str, *, signature: str | None = None, sender: str = PHONE):
    data = {"From": sender, "Body": body, "MessageSid": "SM1"}
    headers = {} if signature is None else {"X-Twilio-Signature": signature}
    return Client(enforce_csrf_checks=True).post(URL, data, headers=headers)


def _signed(body: str, sender: str = PHONE) -> str:
    params = [("From", sender), ("Body", body), ("MessageSid", "SM1")]
    return twilio_signature(secret=SECRET, url=FULL_URL, params=params)


@pytest.mark.promise("QL-2")
@pytest.mark.django_db
@pytest.mark.parametrize(
    "word", ["STOP", "stop", "  Stop\n", "STOPALL", "unsubscribe", "Cancel", "END", "quit"]
)
def test_stop_words_opt_the_phone_out(word):
    # when
    response = _post(word)
    # then
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/xml")
    assert b"<Response><Message>You will get no more SMS" in response.content
    assert SmsOptOut.objects.matching(phone=PHONE).exists()


@pytest.mark.promise("QL-2")
@pytest.mark.django_db
@pytest.mark.parametrize("word", ["START", "unstop"])
def test_start_words_lift_the_opt_out(word):
    # given
    _post("STOP")
    # when
    response = _post(word)
    # then
    assert b"<Message>You will get our SMS again" in response.content
    assert not SmsOptOut.objects.exists()


@pytest.mark.django_db
def test_other_replies_change_nothing():
    # when
    response = _post("stop sending me the wrong time please")
    # then
    assert response.status_code == 200
    assert response.content.endswith(b"<Response></Response>")
    assert not SmsOptOut.objects.exists()


@pytest.mark.promise("QL-2", "QL-5")
@pytest.mark.django_db
def test_validly_signed_stop_is_accepted(settings):
    # given
    settings.FRONTDESK_SMS_WEBHOOK_SECRET = SECRET
    # when
    response = _post("STOP", signature=_signed("STOP"))
    # then
    assert response.status_code == 200
    assert SmsOptOut.objects.matching(phone=PHONE).exists()


@pytest.mark.promise("QL-5")
@pytest.mark.django_db
@pytest.mark.parametrize("signature", [None, "", "bm90IGEgc2lnbmF0dXJl", "wrong"])
def test_bad_or_missing_signature_is_refused(settings, signature):
    # given
    settings.FRONTDESK_SMS_WEBHOOK_SECRET = SECRET
    # when
    response = _post("STOP", signature=signature)
    # then
    assert response.status_code == 403
    assert not SmsOptOut.objects.exists()


@pytest.mark.promise("QL-5")
@pytest.mark.django_db
def test_signature_for_another_sender_is_refused(settings):
    # given: a signature captured for one phone, replayed with another
    settings.FRONTDESK_SMS_WEBHOOK_SECRET = SECRET
    # when
    response = _post("STOP", signature=_signed("STOP"), sender="+447700900999")
    # then
    assert response.status_code == 403
    assert not SmsOptOut.objects.exists()


@pytest.mark.promise("QL-5")
@pytest.mark.django_db
def test_production_refuses_the_webhook_without_a_secret(settings):
    # given
    settings.PRODUCTION = True
    settings.FRONTDESK_SMS_WEBHOOK_SECRET = ""
    # when
    response = _post("STOP")
    # then
    assert response.status_code == 403
    assert not SmsOptOut.objects.exists()


@pytest.mark.django_db
def test_invalid_sender_is_a_bad_request():
    # when
    response = _post("STOP", sender="not a phone")
    # then
    assert response.status_code == 400
    assert not SmsOptOut.objects.exists()


@pytest.mark.django_db
def test_webhook_accepts_only_post():
    # when
    response = Client().get(URL)
    # then
    assert response.status_code == 405


TWILIO_URL = "https://mycompany.com/myapp.php?foo=1&bar=2"


def test_signature_matches_the_providers_reference_example():
    # given: the example of the provider's own request-validator tests
    params = {
        "CallSid": "CA1234567890ABCDE",
        "Digits": "1234",
        "From": "+14158675309",
        "To": "+18005551212",
        "Caller": "+14158675309",
    }
    # when
    signature = twilio_signature(secret="12345", url=TWILIO_URL, params=params.items())
    # then
    assert signature == "RSOYDt4T1cUTdK1PDd93/VVr8B8="


def test_signature_of_repeated_parameters_matches_the_providers_reference_example():
    # given
    params = [("Sid", "CA123"), ("SidAccount", "AC123"), ("Digits", "5678"), ("Digits", "1234")]
    # when
    signature = twilio_signature(secret="12345", url=TWILIO_URL, params=params)
    # then
    assert signature == "IK+Dwps556ElfBT0I3Rgjkr1wJU="
