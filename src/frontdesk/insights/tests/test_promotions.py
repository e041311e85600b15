"""Promotions by e-mail (QM-18, FD-12): only customers who consent to marketing e-mail at the
moment of sending get them, each with one-click unsubscribe; the mailing company's list holds
only those addresses and is recorded as a release to that processor."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from conftest import make_user, signed_in_client
from django.urls import reverse

from frontdesk.access import capabilities as caps
from frontdesk.audit.models import AuditEvent
from frontdesk.core import tenancy
from frontdesk.core.declarations import personal_data
from frontdesk.insights.delivery import promotion_deliver
from frontdesk.insights.models import ProcessorRelease, Promotion
from frontdesk.insights.privacy import MAILING_COMPANY
from frontdesk.insights.selectors import marketing_audience
from frontdesk.insights.tests.conftest import buyer, vendor
from frontdesk.messaging import services as messaging

OFFER = {"subject": "Spring offers", "body": "Helmets 20 % off this week."}


def _consent(user: Any, *, granted: bool = True) -> None:
    decide = messaging.consent_give if granted else messaging.consent_withdraw
    decide(actor=user, user=user, purpose="marketing", policy_version="v1", source="preferences")


@pytest.fixture
def people(market, florist, sell):
    """Customers of the market: one who consents, one who never said, one who withdrew, one
    who consents but deactivated their account; and a customer of another business (Julie
    Floral) who consents there and bought only there."""
    yes, never, withdrew, inactive = (buyer(market, n) for n in range(4))
    elsewhere = buyer(florist, 4)
    for person in (yes, never, withdrew, inactive):
        sell(market, {"D-lock": 1}, user=person)
    sell(florist, {"Red roses": 1}, user=elsewhere)
    for person in (yes, withdrew, inactive, elsewhere):
        _consent(person)
    _consent(withdrew, granted=False)
    inactive.is_active = False
    inactive.save(update_fields=["is_active"])
    return {"yes": yes, "never": never, "withdrew": withdrew, "elsewhere": elsewhere}


@pytest.fixture
def marketer(market, make_member):
    return make_member([caps.SHOP_PROMOTIONS], on=market.organisation)


def _promotions_url(shop) -> str:
    return reverse("insights:promotions", kwargs={"shop_id": shop.pk})


@pytest.mark.promise("QM-18", "FD-12")
@pytest.mark.django_db
def test_a_promotion_reaches_only_customers_who_opted_in(
    market, people, marketer, mailoutbox, django_capture_on_commit_callbacks
):
    # given
    staff = signed_in_client(marketer)
    # when: staff write a promotion; the task sends it once the request has committed
    with django_capture_on_commit_callbacks(execute=True):
        answer = staff.post(_promotions_url(market), OFFER)
    # then: one e-mail, to the customer who consents, with one-click unsubscribe
    assert answer.status_code == 302
    (sent,) = mailoutbox
    assert sent.to == [people["yes"].email]
    assert sent.subject == "Spring offers"
    assert "Helmets 20 % off" in sent.body
    assert sent.extra_headers["List-Unsubscribe"].startswith("<")
    assert sent.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # and only counts are kept and audited
    promotion = Promotion.objects.get()
    assert (promotion.state, promotion.queued, promotion.refused) == ("sent", 1, 2)
    event = AuditEvent.objects.get(action="insights.promotion.sent")
    assert event.details == {"promotion_id": promotion.pk, "queued": 1, "refused": 2}
    assert AuditEvent.objects.filter(action="insights.promotion.queued").count() == 1


@pytest.mark.promise("QM-18", "FD-12")
@pytest.mark.django_db
def test_consent_withdrawn_after_the_promotion_was_written_is_honoured_at_send_time(
    market, people, marketer, mailoutbox, django_capture_on_commit_callbacks
):
    # given: a promotion written, its sending not yet run
    with django_capture_on_commit_callbacks(execute=False) as pending:
        assert signed_in_client(marketer).post(_promotions_url(market), OFFER).status_code == 302
    # when: the one customer who consented withdraws, then the task runs
    _consent(people["yes"], granted=False)
    with django_capture_on_commit_callbacks(execute=True):
        for callback in pending:
            callback()
    # then: nobody gets it
    assert mailoutbox == []
    assert Promotion.objects.get().refused == 3


@pytest.mark.promise("QM-18")
@pytest.mark.django_db
def test_a_promotion_is_sent_once(market, people, marketer, django_capture_on_commit_callbacks):
    # given
    with django_capture_on_commit_callbacks(execute=True):
        signed_in_client(marketer).post(_promotions_url(market), OFFER)
    promotion = Promotion.objects.get()
    # when: the task runs again (a retry)
    again = promotion_deliver(promotion_id=promotion.pk)
    # then
    assert again is None
    assert Promotion.objects.get().queued == 1


@pytest.mark.django_db
def test_a_promotion_without_text_is_refused_and_nothing_is_sent(market, marketer):
    # when
    answer = signed_in_client(marketer).post(_promotions_url(market), {"subject": "Hi"})
    # then
    assert answer.status_code == 400
    assert "Write the promotion" in answer.content.decode()
    assert not Promotion.objects.exists()


@pytest.mark.promise("QM-18", "QM-1", "FD-12")
@pytest.mark.django_db
def test_the_mailing_companys_list_holds_only_opted_in_addresses_and_is_recorded(
    market, people, marketer
):
    # when
    url = reverse("insights:mailing", kwargs={"shop_id": market.pk})
    answer = signed_in_client(marketer).post(url)
    # then: only the address, only of the customer who consents now
    assert answer.status_code == 200
    assert answer["Content-Disposition"] == 'attachment; filename="mailing-qm.csv"'
    rows = list(csv.reader(io.StringIO(answer.content.decode())))
    assert rows == [["email"], [people["yes"].email]]
    # and the release to the processor is recorded: who, what, on which basis, how many
    release = ProcessorRelease.objects.get()
    assert release.recipient == MAILING_COMPANY.name
    assert release.people == 1
    assert "consent" in release.legal_basis
    assert release.released_by_id == marketer.pk
    event = AuditEvent.objects.get(action="insights.mailing.exported")
    assert event.details == {"release_id": release.pk, "shop_id": market.pk, "addresses": 1}
    # and the page lists the release
    page = signed_in_client(marketer).get(_promotions_url(market)).content.decode()
    assert MAILING_COMPANY.name in page


@pytest.mark.promise("QM-18", "FD-1")
def test_the_mailing_company_is_declared_as_a_recipient_of_the_address_only():
    # when
    receiving = [item for item in personal_data() if MAILING_COMPANY in item.recipients]
    # then
    assert [(item.model, item.fields) for item in receiving] == [("identity.User", ("email",))]
    assert receiving[0].basis == "consent"


@pytest.mark.promise("QM-18")
@pytest.mark.django_db
def test_outsiders_get_404_members_without_the_capability_or_on_a_vendor_only_403(
    market, make_member, outsider
):
    # given
    clerk = make_member([caps.SHOP_REPORTS], on=market.organisation)
    vendor_staff = make_member([caps.SHOP_PROMOTIONS], on=vendor(market, "Pedal Works"))
    mailing = reverse("insights:mailing", kwargs={"shop_id": market.pk})
    # then
    for url, method in ((_promotions_url(market), "get"), (mailing, "post")):
        assert getattr(signed_in_client(outsider), method)(url).status_code == 404
        assert getattr(signed_in_client(clerk), method)(url).status_code == 403
        assert getattr(signed_in_client(vendor_staff), method)(url).status_code == 403
    assert not ProcessorRelease.objects.exists()


@pytest.mark.promise("QM-18")
@pytest.mark.django_db
def test_the_page_says_how_many_customers_consent_now(market, people, marketer):
    # when
    page = signed_in_client(marketer).get(_promotions_url(market))
    # then
    assert page.status_code == 200
    assert page.context["audience"] == 1


@pytest.mark.promise("QM-18", "FD-12", "FD-16")
@pytest.mark.django_db
def test_a_yes_at_one_business_puts_no_one_in_the_other_businesss_audience(
    market, florist, sell, make_member
):
    # given: one address, a customer account at each business, each bought at its own
    at_qmobility = make_user("sam@example.test", organisation=market.organisation)
    at_julie = make_user("sam@example.test", organisation=florist.organisation)
    sell(market, {"D-lock": 1}, user=at_qmobility)
    sell(florist, {"Red roses": 1}, user=at_julie)
    # when: the person says yes at QMobility only
    _consent(at_qmobility)
    # then: in QMobility's audience, not in Julie Floral's
    assert list(marketing_audience(shop=market)) == [at_qmobility]
    assert list(marketing_audience(shop=florist)) == []
    # when: and the other way round
    _consent(at_qmobility, granted=False)
    _consent(at_julie)
    # then
    assert list(marketing_audience(shop=market)) == []
    assert list(marketing_audience(shop=florist)) == [at_julie]
    # and: Julie Floral's mailing list, asked for on its host, holds its own customer only
    marketer = make_member([caps.SHOP_PROMOTIONS], on=florist.organisation)
    url = reverse("insights:mailing", kwargs={"shop_id": florist.pk})
    rows = list(csv.reader(io.StringIO(signed_in_client(marketer).post(url).content.decode())))
    assert rows == [["email"], ["sam@example.test"]]
    assert ProcessorRelease.objects.get().people == 1


@pytest.mark.promise("QM-18", "FD-16")
@pytest.mark.django_db
def test_the_audience_never_reaches_an_account_of_another_business(market, florist, sell):
    # given: a Julie Floral account that consents, and (somehow) holds a paid QMobility order
    stray = make_user("stray@example.test", organisation=florist.organisation)
    sell(market, {"D-lock": 1}, user=stray)
    _consent(stray)
    # then: QMobility's audience holds only QMobility's accounts, whatever is bound
    assert list(marketing_audience(shop=market)) == []
    with tenancy.bound(market.organisation.tenant):
        assert list(marketing_audience(shop=market)) == []


@pytest.mark.promise("QM-18", "FD-16")
@pytest.mark.django_db
def test_promotions_of_another_business_are_not_found_by_this_ones_staff(
    market, florist, make_member
):
    # given: Julie Floral's marketer, on Julie Floral's host
    julie = signed_in_client(make_member([caps.SHOP_PROMOTIONS], on=florist.organisation))
    mailing = reverse("insights:mailing", kwargs={"shop_id": market.pk})
    # then: QMobility's promotion pages are not found
    assert julie.get(_promotions_url(market)).status_code == 404
    assert julie.post(_promotions_url(market), OFFER).status_code == 404
    assert julie.post(mailing).status_code == 404
    assert not Promotion.objects.exists()
    assert not ProcessorRelease.objects.exists()


@pytest.mark.promise("QM-1", "FD-16")
@pytest.mark.django_db
def test_the_release_names_the_mailing_company_the_business_named(market, people, marketer):
    # given: QMobility names its mailing company
    market.organisation.processors = {"mailing": "Ride Mail Services Ltd"}
    market.organisation.save(update_fields=["processors"])
    # when
    signed_in_client(marketer).post(reverse("insights:mailing", kwargs={"shop_id": market.pk}))
    # then
    assert ProcessorRelease.objects.get().recipient == "Ride Mail Services Ltd"
