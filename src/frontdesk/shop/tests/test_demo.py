"""The demo shops (issue 4, §7) load through the services, once; each is its own business
(FD-16), with its own accounts, details and processors."""

from __future__ import annotations

from frontdesk.access.models import Organisation
from frontdesk.access.selectors import capabilities_on
from frontdesk.core import tenancy
from frontdesk.identity.models import User
from frontdesk.identity.selectors import user_by_email
from frontdesk.shop.demo import CUSTOMER, JULIE, QMOBILITY, seed_shops
from frontdesk.shop.models import Order, Shop, Vendor
from frontdesk.shop.states import OrderState


def _account(email: str, slug: str) -> User | None:
    business = Organisation.objects.get(slug=slug)
    with tenancy.bound(business.tenant):
        return user_by_email(email)


def test_the_demo_has_both_shops_their_staff_and_a_customer_with_orders(db):
    # when
    logins = seed_shops(password="frontdesk-demo-2026")
    again = seed_shops(password="frontdesk-demo-2026")
    # then
    assert [login.email for login in logins] == [login.email for login in again]
    assert set(Shop.objects.values_list("name", flat=True)) == {"Julie Floral", "QMobility"}
    assert Vendor.objects.filter(shop__slug="qmobility").count() == 3
    assert Vendor.objects.filter(shop__slug="julie-floral").count() == 1
    at_julie, at_qmobility = _account(CUSTOMER, JULIE), _account(CUSTOMER, QMOBILITY)
    julie_states = set(Order.objects.filter(user=at_julie).values_list("state", flat=True))
    assert julie_states == {OrderState.DELIVERED, OrderState.PAID}
    qm_states = set(Order.objects.filter(user=at_qmobility).values_list("state", flat=True))
    assert qm_states == {OrderState.IN_FULFILMENT}
    manager = _account("manager@pedalworks.demo", QMOBILITY)
    bikes = Vendor.objects.select_related("shop").get(name="Pedal Works")
    scooters = Vendor.objects.select_related("shop").get(name="Urban Scooters")
    assert capabilities_on(user=manager, resource=bikes)
    assert capabilities_on(user=manager, resource=scooters) is None
    emails = {login.email for login in logins}
    assert {"billing@juliefloral.demo", "service@juliefloral.demo"} <= emails


def test_every_demo_account_belongs_to_the_business_it_is_listed_for(db):
    # when
    logins = seed_shops(password="frontdesk-demo-2026")
    # then: one customer address, two accounts; every login names its business
    assert {login.business for login in logins} == {JULIE, QMOBILITY}
    people = [login for login in logins if login.is_person]
    for login in people:
        account = _account(login.email, login.business)
        assert account is not None, login
        assert account.organisation is not None
        assert account.organisation.slug == login.business
    customers = User.objects.unscoped().matching(email=CUSTOMER)
    slugs = sorted(user.organisation.slug for user in customers if user.organisation)
    assert slugs == sorted([JULIE, QMOBILITY])
    assert not User.objects.unscoped().filter(organisation__isnull=True).exists()


def test_each_demo_shop_is_a_business_with_its_own_details_and_processors(db):
    # when
    seed_shops(password="frontdesk-demo-2026")
    # then
    for slug in (JULIE, QMOBILITY):
        business = Organisation.objects.get(slug=slug)
        assert business.uses("shop")
        assert business.hosts.filter(hostname=f"{slug}.localhost").exists()
        assert business.email_sender.endswith(".demo")
        assert business.privacy_contact.startswith("privacy@")
        assert business.security_contact.startswith("security@")
        assert {"cards", "shipping", "mailing"} <= set(business.processors)
    senders = Organisation.objects.filter(slug__in=[JULIE, QMOBILITY]).values_list(
        "email_sender", flat=True
    )
    assert len(set(senders)) == 2


def test_a_demo_database_from_before_tenancy_gets_its_businesses_details(db):
    # given: the shops' businesses exist, bare, as an older demo left them
    seed_shops(password="frontdesk-demo-2026")
    Organisation.objects.filter(slug__in=[JULIE, QMOBILITY]).update(
        modules=[], email_sender="", processors={}
    )
    # when: the demo runs again
    seed_shops(password="frontdesk-demo-2026")
    # then
    julie = Organisation.objects.get(slug=JULIE)
    assert julie.uses("shop")
    assert julie.email_sender == "hello@juliefloral.demo"
    assert "cards" in julie.processors
