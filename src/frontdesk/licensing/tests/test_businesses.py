"""The customer area is one business's (FD-16): a partner is known only on its business's host,
the buyer's account is opened in the product's business, and a licence, a download link or a
welcome link of one business is unknown (404) on another business's host.

Infacta (`shelf`) is on infacta.localhost; Acme, the test client's business, is the other one."""

from __future__ import annotations

import pytest
from conftest import host_client, make_user
from django.core import mail

from frontdesk.access.hosts import site_url
from frontdesk.core import tenancy
from frontdesk.identity.models import User
from frontdesk.licensing import links, services
from frontdesk.licensing.models import Licence, NotificationReceipt, Partner, Purchase
from frontdesk.licensing.tests.conftest import (
    BUYER,
    INFACTA_HOST,
    area_client,
    infacta_account,
    payload,
    send,
)

pytestmark = pytest.mark.django_db


def _nothing_recorded() -> bool:
    return not (
        Purchase.objects.exists()
        or Licence.objects.exists()
        or NotificationReceipt.objects.exists()
    )


@pytest.mark.promise("FD-16")
def test_a_partner_of_one_business_is_unknown_on_another_business_host(shelf, organisation):
    # when: Infacta's partner notifies, correctly signed, on Acme's host
    response = send(host_client(organisation), shelf, payload())
    # then: as unknown as no partner at all, and nothing is recorded anywhere
    assert response.status_code == 404
    assert _nothing_recorded()
    assert not User.objects.with_email(BUYER).exists()
    # and on the platform host no partner is known either
    assert send(host_client(None), shelf, payload()).status_code == 404


@pytest.mark.promise("FD-16")
def test_the_same_partner_code_at_two_businesses_is_two_partners(shelf, organisation):
    # given: Acme sells through a partner with the same code, with a secret of its own
    acme_partner, acme_secret = services.partner_create(
        actor=None, organisation=organisation, code="plimus", name="Plimus for Acme"
    )
    # when: Infacta's secret signs a notification sent to Acme's host
    forged = send(host_client(organisation), shelf, payload())
    # then: Acme's partner does not accept Infacta's signature
    assert forged.status_code == 400
    assert _nothing_recorded()
    # and each business's partner records purchases of its own only
    assert send(host_client(shelf.organisation), shelf, payload()).status_code == 200
    assert Purchase.objects.get().partner == shelf.partner
    assert Partner.objects.filter(code="plimus").count() == 2  # unbound: both businesses
    with tenancy.bound(organisation.tenant):
        assert list(Partner.objects.all()) == [acme_partner]
    assert acme_secret != shelf.secret


@pytest.mark.promise("FD-16", "IN-3")
def test_the_buyer_account_is_opened_in_the_products_business_only(
    shelf, organisation, notify, django_capture_on_commit_callbacks
):
    # given: the same address already has an account at Acme
    at_acme = make_user(BUYER, organisation=organisation)
    # when: Infacta's partner notifies a purchase by that address
    with django_capture_on_commit_callbacks(execute=True):
        assert notify(payload()).status_code == 200
    # then: a new account at Infacta gets the licence; Acme's account gets nothing
    buyer = infacta_account(BUYER)
    assert buyer.pk != at_acme.pk
    assert buyer.organisation_id == shelf.organisation.pk
    assert not buyer.has_usable_password()
    assert Licence.objects.get().user == buyer
    assert Purchase.objects.get().user == buyer
    # and the e-mail's links lead to Infacta's own address
    [message] = mail.outbox
    infacta = site_url(shelf.organisation)
    assert INFACTA_HOST in infacta
    assert f"{infacta}/software/welcome/" in str(message.body)
    assert f"{infacta}/software/login/" in str(message.body)


@pytest.mark.promise("FD-16")
def test_a_licence_and_its_download_link_are_unknown_to_another_business(
    licence, shelf, organisation
):
    # given: a customer of Acme, signed in on Acme's host, and a genuine link of the buyer's
    acme_customer = make_user("acme.customer@example.test", organisation=organisation)
    at_acme = area_client(acme_customer)
    buyer = area_client(licence.user)
    made = buyer.post(f"/software/licences/{licence.pk}/files/{shelf.new_file.pk}/download")
    assert made.status_code == 302
    acme_link = links.link_token(
        user_id=acme_customer.pk, licence_id=licence.pk, file_id=shelf.new_file.pk
    )
    # then: Infacta's licence and file are unknown at Acme, even in a link made for the
    # Acme customer
    download = f"/software/licences/{licence.pk}/files/{shelf.new_file.pk}/download"
    assert at_acme.post(download).status_code == 404
    assert at_acme.get(made["Location"]).status_code == 404
    assert at_acme.get(f"/software/download/{acme_link}/").status_code == 404
    assert licence.unlock_code not in at_acme.get("/software/").content.decode()
    # and nothing was counted
    assert not licence.download_counts.exists()


@pytest.mark.promise("FD-16")
def test_a_licence_of_another_business_product_is_not_shown_on_this_business_host(
    shelf, organisation
):
    # given: an Acme account holding a licence of Infacta's product (a row that should not be)
    acme_customer = make_user("acme.customer@example.test", organisation=organisation)
    stray = services.licence_issue(actor=None, user=acme_customer, product=shelf.product)
    browser = area_client(acme_customer)
    # then: on Acme's host the licence, its files and its product are nobody's business
    assert stray.unlock_code not in browser.get("/software/").content.decode()
    download = f"/software/licences/{stray.pk}/files/{shelf.new_file.pk}/download"
    assert browser.post(download).status_code == 404


@pytest.mark.promise("FD-16")
def test_a_session_of_one_business_is_nobody_on_another_business_host(licence, organisation):
    # given: the buyer's signed-in browser
    browser = area_client(licence.user)
    # when: it asks for the area on Acme's host
    response = browser.get("/software/", HTTP_HOST="acme.localhost")
    # then: nobody is signed in there
    assert response.status_code == 302
    assert response["Location"].startswith("/software/login/")


@pytest.mark.promise("FD-16")
def test_a_welcome_link_works_only_on_its_business_host(
    shelf, notify, organisation, django_capture_on_commit_callbacks
):
    # given: a purchase opened the account, and e-mailed the link to choose a password
    with django_capture_on_commit_callbacks(execute=True):
        notify(payload())
    body = str(mail.outbox[-1].body)
    path = body.split(site_url(shelf.organisation), 2)[1].split(maxsplit=1)[0]
    assert path.startswith("/software/welcome/")
    # then: unknown on Acme's host, and works on Infacta's
    assert host_client(organisation).get(path).status_code == 404
    assert host_client(shelf.organisation).get(path).status_code == 200
