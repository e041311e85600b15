"""Infacta's promotions area (IN-24, IN-23): registering for an offer with a promotion code
opens an account, issues a licence, records contact details, code, time and address (sealed),
and e-mails the unlock code; the offer's limits hold; staff terminate a promotional account
that misused the offer, which holds its downloads until a reinstatement request is done.

Infacta is a business of its own (infacta.localhost): its offers are registered for on its
host, the accounts they open are Infacta's, and to Acme (the test client's business) they are
unknown (FD-16)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from conftest import business, host_client, make_user, signed_in_client
from django.core import mail
from django.db import connection
from django.test import Client

from frontdesk.access import capabilities as caps
from frontdesk.access import services as access
from frontdesk.access.hosts import site_url
from frontdesk.access.models import Organisation
from frontdesk.access.scopes import Scope
from frontdesk.audit.models import AuditEvent
from frontdesk.core import clock, tenancy
from frontdesk.identity.models import User
from frontdesk.licensing import services as licensing
from frontdesk.licensing.errors import DownloadRefusedError
from frontdesk.licensing.holds import download_allowed
from frontdesk.licensing.models import Licence, Product, ReleaseFile
from frontdesk.privacy import services as privacy
from frontdesk.privacy.models import PrivacyRequest
from frontdesk.promotions import services
from frontdesk.promotions.errors import OfferClosedError, UnknownCodeError
from frontdesk.promotions.models import Offer, Registration

pytestmark = pytest.mark.django_db
VISITOR_IP = "198.51.100.77"
EMAIL = "pat.promo@example.test"


@pytest.fixture
def infacta(db) -> Organisation:
    return business("Infacta", "infacta", modules=["licensing", "promotions", "misuse"])


@pytest.fixture
def client(infacta) -> Client:
    """A visitor of Infacta's host (where its promotions are)."""
    return host_client(infacta)


@pytest.fixture
def product(infacta, tmp_path, settings) -> Product:
    settings.FRONTDESK_DOWNLOADS_ROOT = str(tmp_path / "downloads")
    settings.FRONTDESK_DOWNLOADS_ACCEL_PREFIX = ""
    made = licensing.product_create(
        actor=None,
        organisation=infacta,
        code="IS-STD",
        name="InfaSync",
        update_period_days=180,
        downloads_per_release=3,
    )
    release = licensing.release_create(
        actor=None, product=made, version="2.4", released_at=clock.now() - timedelta(days=3)
    )
    source = tmp_path / "infasync-2.4.zip"
    source.write_bytes(b"infasync\n" * 100)
    licensing.release_file_add(actor=None, release=release, source=source)
    return made


@pytest.fixture
def offer(infacta, product) -> Offer:
    return services.offer_create(
        actor=None,
        organisation=infacta,
        product=product,
        name="InfaSync free for a year",
        code="SYNC2026",
        uses_limit=3,
        per_person_limit=1,
        starts_at=clock.now() - timedelta(days=1),
        ends_at=clock.now() + timedelta(days=30),
    )


def manager(organisation: Organisation, email: str = "promo@infacta.test") -> User:
    """A staff member of `organisation` who manages its promotions."""
    user = make_user(email, staff=True, organisation=organisation)
    role = access.role_create(
        actor=None,
        organisation=organisation,
        name=f"Promotions {email}",
        capabilities=[caps.PROMOTIONS_MANAGE],
    )
    access.grant_add(actor=None, user=user, role=role, scope=Scope("organisation", organisation.pk))
    return user


def privacy_officer(organisation: Organisation) -> User:
    """A staff member of `organisation` who works its privacy requests."""
    user = make_user("privacy@infacta.test", staff=True, organisation=organisation)
    role = access.role_create(
        actor=None, organisation=organisation, name="Privacy", capabilities=[caps.PRIVACY_REQUESTS]
    )
    access.grant_add(actor=None, user=user, role=role, scope=Scope("organisation", organisation.pk))
    return user


def register(client: Client, code: str = "SYNC2026", email: str = EMAIL, **extra: str):
    data = {"name": "Pat Promo", "email": email, "code": code, **extra}
    return client.post(f"/promotions/{code.lower()}/", data, REMOTE_ADDR=VISITOR_IP)


@pytest.mark.promise("IN-24")
def test_a_registration_opens_an_account_issues_a_licence_and_emails_the_code(
    client, offer, django_capture_on_commit_callbacks
):
    # when: someone registers from the public page with the promotion code
    with django_capture_on_commit_callbacks(execute=True):
        response = register(client)
    # then: the page says to check the e-mail, and an account with a licence exists
    assert response.status_code == 200
    assert b"Check your e-mail" in response.content
    user = User.objects.with_email(EMAIL).get()
    licence = Licence.objects.get(user=user)
    assert licence.product == offer.product
    # and the e-mail holds the unlock code and the link to choose a password
    [message] = mail.outbox
    assert message.to == [EMAIL]
    assert licence.unlock_code in message.body
    assert "/software/welcome/" in message.body
    # and the registration recorded contact details, code (its offer), time and address
    registration = Registration.objects.get(user=user)
    assert (registration.offer, registration.contact_name) == (offer, "Pat Promo")
    assert registration.contact_email == EMAIL
    assert registration.ip == VISITOR_IP
    assert registration.network_index
    offer.refresh_from_db()
    assert offer.uses == 1
    assert AuditEvent.objects.filter(action="promotions.registration.created").exists()


@pytest.mark.promise("IN-24", "FD-2")
def test_registration_contact_details_and_address_are_sealed_in_the_database(client, offer):
    # given
    register(client)
    # when: the row is read as stored
    with connection.cursor() as cursor:
        cursor.execute("SELECT contact_email, contact_name, ip FROM promotions_registration")
        row = cursor.fetchone()
    # then: nothing of it is in the clear
    assert all(str(value).startswith("fd1:") for value in row)
    assert VISITOR_IP not in " ".join(map(str, row))


@pytest.mark.promise("IN-24")
def test_a_person_gets_the_offer_once_and_is_told_only_by_email(
    client, offer, django_capture_on_commit_callbacks
):
    # given: a first registration
    register(client)
    # when: the same address registers again
    with django_capture_on_commit_callbacks(execute=True):
        response = register(client)
    # then: the page answers the same, nothing new is issued, the address is told by e-mail
    assert b"Check your e-mail" in response.content
    assert Registration.objects.count() == 1
    assert Licence.objects.count() == 1
    assert "already registered" in mail.outbox[-1].subject


@pytest.mark.promise("IN-24")
def test_the_uses_limit_and_the_validity_period_are_enforced(offer):
    # given: the offer's three places are taken
    for number in range(3):
        services.registration_create(code="sync2026", name="P", email=f"p{number}@example.test")
    # then: a fourth registration is refused and records nothing
    with pytest.raises(OfferClosedError):
        services.registration_create(code="SYNC2026", name="Q", email="q@example.test")
    assert not User.objects.with_email("q@example.test").exists()
    # and an offer past its period is refused too; an unknown code as well
    Offer.objects.filter(pk=offer.pk).update(uses=0, ends_at=clock.now() - timedelta(minutes=1))
    with pytest.raises(OfferClosedError):
        services.registration_create(code="SYNC2026", name="Q", email="q@example.test")
    with pytest.raises(UnknownCodeError):
        services.registration_create(code="NOPE", name="Q", email="q@example.test")


@pytest.mark.promise("IN-24")
def test_a_person_can_register_as_many_times_as_the_per_person_limit_and_not_once_more(
    offer, django_capture_on_commit_callbacks
):
    # given: an offer each person may take twice
    Offer.objects.filter(pk=offer.pk).update(per_person_limit=2)
    # when: the same person registers three times
    with django_capture_on_commit_callbacks(execute=True):
        first = services.registration_create(code="SYNC2026", name="Pat", email=EMAIL)
        second = services.registration_create(code="SYNC2026", name="Pat", email=EMAIL)
        third = services.registration_create(code="SYNC2026", name="Pat", email=EMAIL)
    # then: the first two are registered, the third is not (and counts no use)
    assert first is not None
    assert second is not None
    assert third is None
    user = User.objects.with_email(EMAIL).get()
    assert Registration.objects.filter(offer=offer, user=user).count() == 2
    assert Licence.objects.filter(user=user).count() == 2
    offer.refresh_from_db()
    assert offer.uses == 2
    assert "already registered" in mail.outbox[-1].subject
    # and someone else still gets the place that is left
    assert services.registration_create(code="SYNC2026", name="Q", email="q@example.test")


@pytest.mark.promise("IN-24")
def test_an_offer_that_has_not_started_is_refused_and_records_nothing(client, offer):
    # given: the offer opens tomorrow
    Offer.objects.filter(pk=offer.pk).update(starts_at=clock.now() + timedelta(days=1))
    # when / then: refused by the service
    with pytest.raises(OfferClosedError):
        services.registration_create(code="SYNC2026", name="Pat", email=EMAIL)
    # and on the page, which says so
    response = register(client)
    assert response.status_code == 400
    assert b"has not started yet" in response.content
    assert not Registration.objects.exists()
    assert not User.objects.with_email(EMAIL).exists()
    offer.refresh_from_db()
    assert offer.uses == 0


def test_a_wrong_code_on_the_general_page_is_shown_and_changes_nothing(client, offer):
    # when
    response = client.post(
        "/promotions/", {"name": "Pat", "email": EMAIL, "code": "WRONG"}, REMOTE_ADDR=VISITOR_IP
    )
    # then
    assert response.status_code == 400
    assert b"No offer has this promotion code" in response.content
    assert not Registration.objects.exists()


@pytest.mark.promise("IN-24", "IN-23")
def test_staff_terminate_a_promotional_account_which_then_asks_for_reinstatement(
    client, offer, staff_client, django_capture_on_commit_callbacks
):
    # given: a registered customer, and a manager of Infacta's promotions
    register(client)
    registration = Registration.objects.get()
    user = registration.user
    staff = staff_client(manager(offer.organisation))
    # when: the manager terminates the account, saying why
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(
            f"/staff/promotions/registrations/{registration.pk}/terminate",
            {"reason": "Resold the codes"},
        )
    # then: it is terminated, audited, the customer is told and their downloads are on hold
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.state == Registration.State.TERMINATED
    assert registration.termination_reason == "Resold the codes"
    assert AuditEvent.objects.filter(action="promotions.registration.terminated").exists()
    assert "terminated" in mail.outbox[-1].subject
    assert "/software/reinstatement/" in mail.outbox[-1].body
    licence = Licence.objects.get(user=user)
    file = ReleaseFile.objects.get()
    assert not download_allowed(user)
    with pytest.raises(DownloadRefusedError):
        licensing.download_serve(user=user, licence=licence, file=file)
    # when: the customer, signed in, asks for reinstatement
    customer = host_client(offer.organisation)
    customer.force_login(user)
    customer.post("/software/reinstatement/", {"details": "It was my colleague's mistake."})
    request = PrivacyRequest.objects.get(user=user, kind=PrivacyRequest.Kind.REINSTATEMENT)
    # and Infacta's staff complete the request in the privacy centre
    officer = privacy_officer(offer.organisation)
    privacy.privacy_request_start(actor=officer, request=request)
    privacy.privacy_request_complete(actor=officer, request=request)
    # then: the hold is gone and the download is served
    assert download_allowed(user)
    assert licensing.download_serve(user=user, licence=licence, file=file).remaining == 2


@pytest.mark.promise("IN-23")
def test_a_terminated_account_is_led_from_the_area_to_the_reinstatement_request(client, offer):
    # given: a registered customer whose promotional account staff terminated
    register(client)
    registration = Registration.objects.get()
    services.registration_terminate(actor=None, registration=registration, reason="Resold")
    customer = host_client(offer.organisation)
    customer.force_login(registration.user)
    # when
    page = customer.get("/software/").content.decode()
    # then: the navigation and the held banner both link to the request, which is open to them
    link = '<a href="/software/reinstatement/">Ask for reinstatement</a>'
    assert page.count(link) == 2
    assert b"Ask for reinstatement" in customer.get("/software/reinstatement/").content


@pytest.mark.promise("IN-24")
def test_staff_pages_answer_404_to_outsiders_and_403_without_the_capability(
    client, offer, infacta, staff_client, outsider
):
    # given: a registration, a member of Infacta without promotions.manage, and an outsider
    # (a staff member of Acme)
    register(client)
    registration = Registration.objects.get()
    member = make_user("member@infacta.test", staff=True, organisation=infacta)
    role = access.role_create(
        actor=None, organisation=infacta, name="Reader", capabilities=[caps.AUDIT_READ]
    )
    access.grant_add(actor=None, user=member, role=role, scope=Scope("organisation", infacta.pk))
    offer_page = f"/staff/promotions/offers/{offer.pk}/"
    terminate = f"/staff/promotions/registrations/{registration.pk}/terminate"
    # then
    assert staff_client(outsider).get(offer_page).status_code == 404
    assert staff_client(outsider).post(terminate, {"reason": "x"}).status_code == 404
    assert staff_client(member).get(offer_page).status_code == 403
    assert staff_client(member).get("/staff/promotions/").status_code == 403
    assert staff_client(member).post(terminate, {"reason": "x"}).status_code == 403
    registration.refresh_from_db()
    assert registration.state == Registration.State.ACTIVE
    # and the manager reads the registrations, which is audited
    response = staff_client(manager(infacta)).get(offer_page)
    assert response.status_code == 200
    assert EMAIL.encode() in response.content
    assert AuditEvent.objects.filter(action="promotions.registrations.viewed").exists()


def test_staff_create_an_offer_of_their_own_product(infacta, product, staff_client):
    # when
    response = staff_client(manager(infacta)).post(
        "/staff/promotions/",
        {
            "product": product.pk,
            "name": "Spring offer",
            "code": "spring",
            "uses_limit": 10,
            "per_person_limit": 1,
            "starts_at": "2026-01-01 00:00",
            "ends_at": "2027-01-01 00:00",
        },
    )
    # then
    assert response.status_code == 302
    assert Offer.objects.get(code="spring").product == product
    assert AuditEvent.objects.filter(action="promotions.offer.created").exists()


@pytest.fixture
def acme_offer(organisation) -> Offer:
    """Acme's offer with the same code as Infacta's, of a product of Acme's."""
    product = licensing.product_create(
        actor=None, organisation=organisation, code="ACME-1", name="Acme Planner"
    )
    return services.offer_create(
        actor=None,
        organisation=organisation,
        product=product,
        name="Acme Planner free",
        code="SYNC2026",
        uses_limit=3,
        per_person_limit=1,
        starts_at=clock.now() - timedelta(days=1),
        ends_at=clock.now() + timedelta(days=30),
    )


@pytest.mark.promise("FD-16")
def test_a_promotion_of_one_business_is_unknown_on_another_business_host(offer, organisation):
    # given: a visitor of Acme's host, which has no offers
    at_acme = host_client(organisation)
    # then: Infacta's offer is not found there, by link or by typing its code
    assert at_acme.get("/promotions/sync2026/").status_code == 404
    response = at_acme.post(
        "/promotions/", {"name": "Pat", "email": EMAIL, "code": "SYNC2026"}, REMOTE_ADDR=VISITOR_IP
    )
    assert response.status_code == 400
    assert b"No offer has this promotion code" in response.content
    assert not Registration.objects.exists()
    assert not User.objects.with_email(EMAIL).exists()


@pytest.mark.promise("FD-16", "IN-24")
def test_each_business_registers_for_its_own_offer_and_opens_its_own_account(
    client, offer, acme_offer, organisation, infacta
):
    # given: the same address registers with the same code at Acme, then at Infacta
    assert register(host_client(organisation)).status_code == 200
    # when
    response = register(client)
    # then: two registrations, each for its business's offer, by two accounts
    assert response.status_code == 200
    at_acme = Registration.objects.get(offer=acme_offer)
    at_infacta = Registration.objects.get(offer=offer)
    assert at_acme.user_id != at_infacta.user_id
    assert at_acme.user.organisation_id == organisation.pk
    assert at_infacta.user.organisation_id == infacta.pk
    assert Licence.objects.get(user=at_infacta.user).product == offer.product
    # and Acme's registration counted nothing against Infacta's per-person limit
    for each in (offer, acme_offer):
        each.refresh_from_db()
        assert each.uses == 1


@pytest.mark.promise("FD-16", "IN-24")
def test_the_per_person_limit_counts_the_account_at_the_offers_business(
    offer, infacta, organisation, django_capture_on_commit_callbacks
):
    # given: the address already has an account at Acme, and one at Infacta that registered
    make_user(EMAIL, organisation=organisation)
    with tenancy.bound(infacta.tenant):
        first = services.registration_create(code="SYNC2026", name="Pat", email=EMAIL)
    assert first is not None
    assert first.user.organisation_id == infacta.pk
    # when: the address registers again at Infacta
    with tenancy.bound(infacta.tenant), django_capture_on_commit_callbacks(execute=True):
        again = services.registration_create(code="SYNC2026", name="Pat", email=EMAIL)
    # then: refused (told by e-mail, with Infacta's address), Acme's account untouched
    assert again is None
    assert Registration.objects.count() == 1
    assert "already registered" in mail.outbox[-1].subject
    assert f"{site_url(infacta)}/software/login/" in mail.outbox[-1].body


@pytest.mark.promise("FD-16")
def test_another_business_staff_never_reach_an_offer_or_its_registrations(
    client, offer, acme_offer, organisation, infacta
):
    # given: a registration at Infacta, and Acme's promotions manager
    register(client)
    registration = Registration.objects.get(offer=offer)
    acme_staff = signed_in_client(manager(organisation, email="promo@acme.test"))
    # then: on Acme's host, Infacta's offer and registration are unknown
    assert acme_staff.get(f"/staff/promotions/offers/{offer.pk}/").status_code == 404
    terminate = f"/staff/promotions/registrations/{registration.pk}/terminate"
    assert acme_staff.post(terminate, {"reason": "x"}).status_code == 404
    listing = acme_staff.get("/staff/promotions/").content.decode()
    assert "Acme Planner free" in listing
    assert "InfaSync free for a year" not in listing
    # and Acme's manager cannot make an offer of Infacta's product
    made = acme_staff.post(
        "/staff/promotions/",
        {
            "product": offer.product_id,
            "name": "Stolen",
            "code": "stolen",
            "uses_limit": 1,
            "per_person_limit": 1,
            "starts_at": "2026-01-01 00:00",
            "ends_at": "2027-01-01 00:00",
        },
    )
    assert made.status_code == 200
    assert not Offer.objects.filter(code="stolen").exists()
    registration.refresh_from_db()
    assert registration.state == Registration.State.ACTIVE
