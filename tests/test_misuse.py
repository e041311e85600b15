"""Misuse detection (IN-9, IN-10, IN-12, IN-23): the analysis of sign-ins, downloads and
promotion registrations opens cases for staff with evidence as ids and counts; with
FRONTDESK_MISUSE_AUTO_HOLD a case also holds the account, whose downloads are then refused
until staff lift the hold or a reinstatement request is completed.

Each business is analysed on its own (FD-16): Infacta (infacta.localhost) here, Acme (the test
client's business) as the other one. Events are made the way requests on the business's host
make them: bound to that business."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import pytest
from conftest import business, make_user, signed_in_client
from django.core import mail
from django.db import connection

from frontdesk.access import capabilities as caps
from frontdesk.access import services as access
from frontdesk.access.models import Organisation
from frontdesk.access.scopes import Scope
from frontdesk.audit.models import AuditEvent
from frontdesk.core import clock, context, tenancy
from frontdesk.identity import services as identity
from frontdesk.identity.models import User
from frontdesk.licensing import services as licensing
from frontdesk.licensing.errors import DownloadRefusedError
from frontdesk.licensing.holds import download_allowed
from frontdesk.licensing.models import Licence, ReleaseFile
from frontdesk.misuse import services
from frontdesk.misuse.models import Case
from frontdesk.privacy import services as privacy
from frontdesk.promotions import services as promotions
from frontdesk.promotions.reinstatement import reinstatement_ask

pytestmark = pytest.mark.django_db
# Four documentation and shared-address networks (/24 each): four distinct networks.
NETWORKS = ["192.0.2.10", "198.51.100.10", "203.0.113.10", "100.64.7.10"]


SOFTWARE_MODULES = ["licensing", "promotions", "misuse"]


@pytest.fixture
def infacta(db) -> Organisation:
    return business("Infacta", "infacta", modules=SOFTWARE_MODULES)


def release_file(organisation: Organisation, directory) -> ReleaseFile:
    """A product of `organisation` with one recent release file."""
    product = licensing.product_create(
        actor=None,
        organisation=organisation,
        code="GM-PRO",
        name="Group Mail Pro",
        update_period_days=365,
        downloads_per_release=50,
    )
    release = licensing.release_create(
        actor=None, product=product, version="5.1", released_at=clock.now() - timedelta(days=3)
    )
    source = directory / f"groupmail-5.1-{organisation.slug}.exe"
    source.write_bytes(b"groupmail\n" * 100)
    return licensing.release_file_add(actor=None, release=release, source=source)


@pytest.fixture
def file(infacta, tmp_path, settings) -> ReleaseFile:
    settings.FRONTDESK_DOWNLOADS_ROOT = str(tmp_path / "downloads")
    settings.FRONTDESK_DOWNLOADS_ACCEL_PREFIX = ""
    return release_file(infacta, tmp_path)


def licensed(email: str, file: ReleaseFile, **extra) -> User:
    """A customer of the file's business holding a licence of its product."""
    product = file.release.product
    user = make_user(email, organisation=product.organisation, **extra)
    licensing.licence_issue(actor=None, user=user, product=product)
    return user


@pytest.fixture
def buyer(file) -> User:
    return licensed("buyer@example.test", file, full_name="Bea Buyer")


@contextmanager
def at_host(user: User, ip: str) -> Iterator[None]:
    """What a request of `user` from `ip` on their business's host binds: the business (so a
    sign-in is recorded as that business's) and the visit."""
    visit = context.RequestContext(request_id="t", ip=ip, user_agent="Firefox")
    with tenancy.bound(tenancy.Tenant(user.organisation_id)), context.bound(visit):
        yield


def sign_in_from(user: User, ip: str) -> None:
    with at_host(user, ip):
        identity.login_succeeded(user=user)


def download_from(user: User, file: ReleaseFile, ip: str) -> None:
    licence = Licence.objects.select_related("product").get(user=user)
    with at_host(user, ip):
        licensing.download_serve(user=user, licence=licence, file=file)


def shared(user: User, file: ReleaseFile) -> None:
    """The credential-sharing pattern: sign-ins from three networks, a download from a fourth."""
    for ip in NETWORKS[:3]:
        sign_in_from(user, ip)
    download_from(user, file, NETWORKS[3])


def reviewer(organisation: Organisation, email: str = "analyst@infacta.test") -> User:
    """A fraud analyst of `organisation`."""
    user = make_user(email, staff=True, organisation=organisation)
    role = access.role_create(
        actor=None,
        organisation=organisation,
        name="Fraud analyst",
        capabilities=[caps.MISUSE_REVIEW],
    )
    access.grant_add(actor=None, user=user, role=role, scope=Scope("organisation", organisation.pk))
    return user


@pytest.mark.promise("IN-9", "IN-10", "IN-12")
def test_credential_sharing_opens_a_case_and_with_the_setting_holds_the_account(
    buyer, file, settings, django_capture_on_commit_callbacks
):
    # given: auto-hold is on, and the account is used from four networks within the window
    settings.FRONTDESK_MISUSE_AUTO_HOLD = True
    shared(buyer, file)
    # when: the worker's pass runs
    with django_capture_on_commit_callbacks(execute=True):
        opened = services.misuse_scan()
    # then: one case, about the account, holding it
    assert opened == 1
    case = Case.objects.get()
    assert (case.kind, case.user, case.organisation_id) == (
        Case.Kind.CREDENTIAL_SHARING,
        buyer,
        file.release.product.organisation_id,
    )
    assert case.evidence["networks"] == 4
    assert len(case.evidence["sign_ins"]) == 3
    assert len(case.evidence["downloads"]) == 1
    assert case.holding
    # and the download is refused, the owner told how to ask for reinstatement
    assert not download_allowed(buyer)
    with pytest.raises(DownloadRefusedError):
        download_from(buyer, file, NETWORKS[0])
    [notice] = [message for message in mail.outbox if message.subject == "Your account is on hold"]
    assert "/software/reinstatement/" in notice.body
    assert not any(ip in notice.body for ip in NETWORKS)
    assert AuditEvent.objects.filter(action="misuse.hold.placed").exists()


@pytest.mark.promise("FD-14")
def test_the_owner_is_told_of_sign_ins_from_many_networks(
    buyer, file, django_capture_on_commit_callbacks
):
    # given: the account is used from four networks within the window (no automatic hold)
    shared(buyer, file)
    # when: the worker's pass runs, twice
    with django_capture_on_commit_callbacks(execute=True):
        services.misuse_scan()
        services.misuse_scan()
    # then: the owner is told once, with what to do, and not from where
    [notice] = [
        m for m in mail.outbox if m.subject == "Your account was used from several networks"
    ]
    assert notice.to == [buyer.email]
    assert "4 different networks" in notice.body
    assert "/account/password/" in notice.body
    assert not any(ip in notice.body for ip in NETWORKS)


@pytest.mark.promise("IN-9", "IN-12")
def test_without_the_setting_a_case_is_opened_and_the_account_keeps_downloading(
    buyer, file, settings
):
    # given: the default (no automatic hold)
    assert settings.FRONTDESK_MISUSE_AUTO_HOLD is False
    shared(buyer, file)
    # when
    services.misuse_scan()
    # then: a case only
    case = Case.objects.get()
    assert not case.holding
    assert download_allowed(buyer)
    download_from(buyer, file, NETWORKS[0])


@pytest.mark.promise("IN-12", "FD-2")
def test_the_evidence_holds_no_address_in_the_clear(buyer, file, settings):
    # given
    settings.FRONTDESK_MISUSE_AUTO_HOLD = True
    shared(buyer, file)
    # when
    services.misuse_scan()
    # then: neither the case's evidence nor its stored row names an address or network
    case = Case.objects.get()
    text = json.dumps(case.evidence)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM misuse_case")
        stored = " ".join(map(str, cursor.fetchall()))
    for ip in NETWORKS:
        network = ip.rsplit(".", 1)[0]
        assert network not in text
        assert network not in stored
    # and the evidence is ids and counts only
    assert all(
        isinstance(value, int) or all(isinstance(item, int) for item in value)
        for value in case.evidence.values()
    )


@pytest.mark.promise("IN-12")
def test_fewer_networks_than_the_threshold_open_nothing_and_a_pass_is_idempotent(
    buyer, file, settings
):
    # given: three networks only
    for ip in NETWORKS[:3]:
        sign_in_from(buyer, ip)
    # then
    assert services.misuse_scan() == 0
    # and once a pattern is found, the next pass (reading the same events) opens no other case
    download_from(buyer, file, NETWORKS[3])
    assert services.misuse_scan() == 1
    assert services.misuse_scan() == 0
    assert Case.objects.count() == 1


@pytest.mark.promise("IN-12")
def test_downloads_far_above_the_quota_pace_open_a_case(buyer, file, settings):
    # given: more downloads in the window than the threshold, from one network
    settings.FRONTDESK_MISUSE_DOWNLOADS = 3
    for _ in range(4):
        download_from(buyer, file, NETWORKS[0])
    # when
    services.misuse_scan()
    # then
    case = Case.objects.get()
    assert case.kind == Case.Kind.DOWNLOAD_PACE
    assert case.evidence["downloads_taken"] == 4


def register_at(organisation: Organisation, code: str, email: str, ip: str) -> None:
    """A registration on the business's promotions page, from `ip`."""
    visit = context.RequestContext(request_id="t", ip=ip)
    with tenancy.bound(organisation.tenant), context.bound(visit):
        promotions.registration_create(code=code, name="P", email=email)


@pytest.mark.promise("IN-24", "IN-12")
def test_many_promotion_registrations_from_one_network_open_a_case(infacta, file, settings):
    # given: an offer, and three registrations from one network (different addresses in it)
    offer = promotions.offer_create(
        actor=None,
        organisation=infacta,
        product=file.release.product,
        name="Spring",
        code="spring",
        uses_limit=100,
        per_person_limit=1,
        starts_at=clock.now() - timedelta(days=1),
        ends_at=clock.now() + timedelta(days=1),
    )
    for number in range(3):
        register_at(infacta, "spring", f"p{number}@example.test", f"192.0.2.{20 + number}")
    # and one from elsewhere
    register_at(infacta, "spring", "other@example.test", NETWORKS[1])
    # when
    services.misuse_scan()
    # then: one case about the network, naming its three registrations and accounts
    case = Case.objects.get()
    assert (case.kind, case.user, case.organisation) == (Case.Kind.PROMOTION_ABUSE, None, infacta)
    assert case.evidence["registrations_from_one_network"] == 3
    assert len(case.evidence["registrations"]) == 3
    assert len(case.evidence["accounts"]) == 3
    assert offer.registrations.count() == 4


@pytest.mark.promise("IN-10", "IN-23")
def test_staff_review_cases_hold_and_lift_all_audited(
    buyer, file, infacta, staff_client, django_capture_on_commit_callbacks
):
    # given: a case without a hold, and a fraud analyst of Infacta
    shared(buyer, file)
    services.misuse_scan()
    case = Case.objects.get()
    browser = staff_client(reviewer(infacta))
    # when: the analyst lists the cases and opens this one
    listing = browser.get("/staff/misuse/")
    page = browser.get(f"/staff/misuse/cases/{case.pk}/")
    # then: both are shown and audited, the evidence without addresses
    assert listing.status_code == page.status_code == 200
    assert b"Many networks in a short time" in page.content
    assert not any(ip.encode() in page.content for ip in NETWORKS)
    assert AuditEvent.objects.filter(action="misuse.cases.listed").exists()
    assert AuditEvent.objects.filter(action="misuse.case.viewed", target_id=str(case.pk)).exists()
    # when: the analyst holds the account
    browser.post(f"/staff/misuse/cases/{case.pk}/hold")
    # then: downloads are refused
    assert not download_allowed(buyer)
    # when: the analyst lifts the hold
    with django_capture_on_commit_callbacks(execute=True):
        browser.post(f"/staff/misuse/cases/{case.pk}/lift")
    # then: downloads are allowed again, the owner told, and both steps are on record
    assert download_allowed(buyer)
    assert mail.outbox[-1].subject == "Your account is no longer on hold"
    assert AuditEvent.objects.filter(action="misuse.hold.placed").exists()
    assert AuditEvent.objects.filter(action="misuse.hold.lifted").exists()
    # and the case can be closed with a sealed note
    browser.post(f"/staff/misuse/cases/{case.pk}/close", {"note": "Shared with a colleague."})
    case.refresh_from_db()
    assert case.state == Case.State.CLOSED
    assert case.notes == "Shared with a colleague."


@pytest.mark.promise("IN-23")
def test_a_held_account_is_reinstated_through_the_privacy_centre_request(
    buyer, file, settings, infacta
):
    # given: an account held automatically
    settings.FRONTDESK_MISUSE_AUTO_HOLD = True
    shared(buyer, file)
    services.misuse_scan()
    assert not download_allowed(buyer)
    # when: its owner asks for reinstatement and staff complete the request
    request = reinstatement_ask(actor=buyer, details="I was travelling.")
    assert request is not None
    assert reinstatement_ask(actor=buyer) is None  # asked once
    officer = make_user("privacy@infacta.test", staff=True, organisation=infacta)
    role = access.role_create(
        actor=None, organisation=infacta, name="Privacy", capabilities=[caps.PRIVACY_REQUESTS]
    )
    access.grant_add(actor=None, user=officer, role=role, scope=Scope("organisation", infacta.pk))
    privacy.privacy_request_start(actor=officer, request=request)
    privacy.privacy_request_complete(actor=officer, request=request)
    # then: downloads are allowed again
    assert download_allowed(buyer)


@pytest.mark.promise("IN-10")
def test_misuse_pages_answer_404_to_outsiders_and_403_without_the_capability(
    buyer, file, infacta, staff_client, outsider
):
    # given: a case, a member of Infacta without misuse.review, and an outsider (Acme's staff)
    shared(buyer, file)
    services.misuse_scan()
    case = Case.objects.get()
    member = make_user("member@infacta.test", staff=True, organisation=infacta)
    role = access.role_create(
        actor=None, organisation=infacta, name="Reader", capabilities=[caps.AUDIT_READ]
    )
    access.grant_add(actor=None, user=member, role=role, scope=Scope("organisation", infacta.pk))
    page = f"/staff/misuse/cases/{case.pk}/"
    # then
    assert staff_client(outsider).get(page).status_code == 404
    assert staff_client(outsider).post(f"{page}hold").status_code == 404
    assert staff_client(outsider).get("/staff/misuse/").status_code == 404
    assert staff_client(member).get(page).status_code == 403
    assert staff_client(member).post(f"{page}hold").status_code == 403
    assert staff_client(member).get("/staff/misuse/").status_code == 403
    assert download_allowed(buyer)
    # and a customer (no grant at all) gets 404
    assert staff_client(buyer).get("/staff/misuse/").status_code == 404


@pytest.fixture
def acme_file(organisation, tmp_path, file) -> ReleaseFile:
    """Acme's own product file (Acme, like Infacta, uses misuse detection)."""
    return release_file(organisation, tmp_path)


@pytest.mark.promise("FD-16", "IN-12")
def test_the_same_address_at_two_businesses_does_not_add_up_to_one_finding(
    file, acme_file, organisation, infacta
):
    # given: one address with an account at each business, each account used from two
    # networks: four networks for the address, two for each account
    at_infacta = licensed("sam@example.test", file)
    at_acme = licensed("sam@example.test", acme_file)
    for ip in NETWORKS[:2]:
        sign_in_from(at_infacta, ip)
    for ip in NETWORKS[2:]:
        sign_in_from(at_acme, ip)
    download_from(at_acme, acme_file, NETWORKS[3])
    # when
    opened = services.misuse_scan()
    # then: no business sees a pattern
    assert opened == 0
    assert not Case.objects.exists()
    # when: the Infacta account alone reaches four networks
    for ip in NETWORKS[2:]:
        sign_in_from(at_infacta, ip)
    # then: one case, at Infacta, about Infacta's account, with Infacta's events only
    assert services.misuse_scan() == 1
    case = Case.objects.get()
    assert (case.organisation, case.user) == (infacta, at_infacta)
    assert case.evidence["networks"] == 4
    assert len(case.evidence["sign_ins"]) == 4
    assert case.evidence["downloads"] == []


@pytest.mark.promise("FD-16", "IN-12", "IN-24")
def test_registrations_from_one_network_at_two_businesses_do_not_add_up(
    file, acme_file, organisation, infacta
):
    # given: each business's offer, and two registrations for each from one network
    for product_file in (file, acme_file):
        promotions.offer_create(
            actor=None,
            organisation=product_file.release.product.organisation,
            product=product_file.release.product,
            name="Spring",
            code="spring",
            uses_limit=100,
            per_person_limit=1,
            starts_at=clock.now() - timedelta(days=1),
            ends_at=clock.now() + timedelta(days=1),
        )
    for org in (infacta, organisation):
        for number in range(2):
            register_at(org, "spring", f"p{number}@example.test", f"192.0.2.{20 + number}")
    # then: four from the network, but two per business, under the threshold of three
    assert services.misuse_scan() == 0
    assert not Case.objects.exists()


@pytest.mark.promise("FD-16", "IN-12")
def test_a_business_without_misuse_detection_is_not_analysed(file, tmp_path):
    # given: a business that does not use the module, and an account used from four networks
    shop_only = business("Plain Software", "plain", modules=["licensing"])
    account = licensed("pat@example.test", release_file(shop_only, tmp_path))
    for ip in NETWORKS:
        sign_in_from(account, ip)
    # when
    opened = services.misuse_scan()
    # then: nothing is analysed there (its policy declares no such processing)
    assert opened == 0
    assert not Case.objects.exists()


@pytest.mark.promise("FD-16", "IN-10")
def test_another_business_analyst_never_sees_a_case(buyer, file, organisation):
    # given: a case at Infacta, and Acme's fraud analyst (misuse.review on all of Acme)
    shared(buyer, file)
    services.misuse_scan()
    case = Case.objects.get()
    analyst = signed_in_client(reviewer(organisation, email="analyst@acme.test"))
    page = f"/staff/misuse/cases/{case.pk}/"
    # then: on Acme's host the case is unknown, and Acme's list is empty of it
    assert analyst.get(page).status_code == 404
    assert analyst.post(f"{page}hold").status_code == 404
    assert analyst.post(f"{page}close", {"note": "x"}).status_code == 404
    listing = analyst.get("/staff/misuse/")
    assert listing.status_code == 200
    assert page.encode() not in listing.content
    case.refresh_from_db()
    assert (case.state, case.holding) == (Case.State.OPEN, False)
