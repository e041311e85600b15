"""Issue 3, acceptance 2, as a customer clicks through it: they queue while signed in, then
download their data after proving who they are (password, then a code sent by e-mail) and find
their queue ticket and their sign-ins in it; they withdraw marketing consent with one click,
and a marketing e-mail to them is then refused."""

from __future__ import annotations

import re

import pytest
from conftest import PASSWORD
from django.core import mail
from playwright.sync_api import expect

from frontdesk.messaging.email import email_send
from frontdesk.messaging.errors import ConsentRequiredError
from frontdesk.messaging.services import consent_give
from frontdesk.queues import services as queues


def sign_in(page, base_url: str, email: str) -> None:
    page.goto(f"{base_url}/account/login/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/account/$"))


def show_my_data(page, base_url: str, password: str = PASSWORD) -> None:
    """From the privacy centre to the page of everything kept: the password, then the code
    e-mailed to the account."""
    page.goto(f"{base_url}/account/privacy/")
    page.get_by_role("link", name="Download my data").click()
    page.get_by_label("Your password").fill(password)
    page.get_by_role("button", name="E-mail me a code").click()
    code = re.search(r"\b(\d{6})\b", str(mail.outbox[-1].body))
    assert code is not None
    page.get_by_label("Code from the e-mail").fill(code.group(1))
    page.get_by_role("button", name="Show my data").click()
    expect(page.get_by_role("heading", name="Everything we keep about you")).to_be_visible()


@pytest.mark.promise("IN-21", "FD-9", "FD-12", "QM-18", "IN-16")
@pytest.mark.django_db(transaction=True)
def test_customer_downloads_their_data_and_withdraws_marketing(
    live_url, new_page, location, customer
):
    # given: a customer who said yes to marketing, signed in, queuing
    consent_give(
        actor=customer, user=customer, purpose="marketing", policy_version="v1", source="signup"
    )
    queue = queues.queue_create(actor=None, location=location, name="Passports")
    page = new_page()
    sign_in(page, live_url(), customer.email)
    page.goto(f"{live_url()}/q/{queue.public_token}/")
    page.get_by_label("Name").fill("Casey at the desk")
    page.get_by_role("button", name="Join the queue").click()
    expect(page).to_have_url(re.compile(r"/t/"))

    # when: they ask for their data and prove who they are
    show_my_data(page, live_url())

    # then: their queue ticket and their sign-ins are in it
    expect(page.get_by_text("Casey at the desk")).to_be_visible()
    expect(page.get_by_text("Signed in").first).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as JSON").click()
    assert "Casey at the desk" in download.value.path().read_text()

    # when: they withdraw marketing with one click
    page.goto(f"{live_url()}/account/privacy/preferences/")
    row = page.get_by_role("row", name=re.compile("Marketing by e-mail"))
    row.get_by_role("button", name="Say no").click()
    expect(page.get_by_role("row", name=re.compile("Marketing by e-mail"))).to_contain_text("No")

    # then: a marketing send to them is refused
    with pytest.raises(ConsentRequiredError):
        email_send(user=customer, purpose="marketing", subject="Sale", body_text="50% off")
