"""FD-14 through the customer area: signing in at /software/login/ from a network the account
has never used e-mails the owner, as a sign-in on /account/login/ does (the area signs in
through identity's `signin.attempt`; see identity/tests/test_new_network.py)."""

from __future__ import annotations

import pytest
from django.core import mail

from frontdesk.audit.models import AuditEvent
from frontdesk.licensing.tests.conftest import BUYER, CUSTOMER_IP, visitor

NOTICE = "New sign-in to your account"
HOME_AGAIN = "203.0.113.99"  # CUSTOMER_IP's /24 network
ELSEWHERE = "192.0.2.150"


def _sign_in_at_the_area(ip: str, password: str, capture) -> None:
    browser = visitor(REMOTE_ADDR=ip, HTTP_USER_AGENT="AreaBrowser/2.0")
    browser.get("/software/login/")  # the cookie test
    with capture(execute=True):
        response = browser.post("/software/login/", {"username": BUYER, "password": password})
    assert response.status_code == 302
    assert response["Location"] == "/software/"


def _notices() -> list[mail.EmailMessage]:
    return [message for message in mail.outbox if message.subject == NOTICE]


@pytest.mark.promise("FD-14")
@pytest.mark.django_db
def test_signing_in_to_the_area_from_a_new_network_emails_the_owner(
    buyer, password, django_capture_on_commit_callbacks
):
    # given: the buyer signs in to the area from home, twice (one /24 network)
    _sign_in_at_the_area(CUSTOMER_IP, password, django_capture_on_commit_callbacks)
    _sign_in_at_the_area(HOME_AGAIN, password, django_capture_on_commit_callbacks)
    assert _notices() == []
    # when: from a network the account never used
    _sign_in_at_the_area(ELSEWHERE, password, django_capture_on_commit_callbacks)
    # then: the owner is told, with the network and the browser, and it is audited
    [notice] = _notices()
    assert notice.to == [BUYER]
    assert "192.0.2.0/24" in notice.body
    assert "AreaBrowser/2.0" in notice.body
    assert AuditEvent.objects.filter(action="identity.login.new_network", actor_id=buyer.pk).count()
