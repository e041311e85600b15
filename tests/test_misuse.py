"""Misuse detection (IN-9, IN-10, IN-12, IN-23): the analysis of sign-ins, downloads and
promotion registrations opens cases for staff with evidence as ids and counts; with
FRONTDESK_MISUSE_AUTO_HOLD a case also holds the account, whose downloads are then refused
until staff lift the hold or a reinstatement request is completed."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from conftest import make_user
from django.core import mail
from django.db import connection

from frontdesk.access import capabilities as caps
from frontdesk.access import services as access
from frontdesk.access.models import Organisation
from frontdesk.access.scopes import Scope
from frontdesk.audit.models import AuditEvent
from frontdesk.core import clock, context
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


@pytest.fixture
def infacta(db) -> Organisation:
    return access.organisation_create(name="Infacta", slug="infacta")


@pytest.fixture
def file(infacta, tmp_path, settings) -> ReleaseFile:
    settings.FRONTDESK_DOWNLOADS_ROOT = str(tmp_path / "downloads")
    settings.FRONTDESK_DOWNLOADS_ACCEL_PREFIX = ""
    product = licensing.product_create(
        actor=None,
        organisation=infacta,
        code="GM-PRO",
        name="Group Mail Pro",
        update_period_days=365,
        downloads_per_release=50,
    )
    release = licensing.release_create(
        actor=None, product=product, version="5.1", released_at=clock.now() - timedelta(days=3)
    )
    source = tmp_path / "groupmail-5.1.exe"
    source.write_bytes(b"groupmail\n" * 100)
    return licensing.release_file_add(actor=None, release=release, source=source)


@pytest.fixture
def buyer(file) -> User:
    user = make_user("buyer@example.test", full_name="Bea Buyer")
    licensing.licence_issue(actor=None, user=user, product=file.release.product)
    return user


def sign_in_from(user: User, ip: str) -> None:
    with context.bound(context.RequestContext(request_id="t", ip=ip, user_agent="Firefox")):
        identity.login_succeeded(user=user)


def download_from(user: User, file: ReleaseFile, ip: str) -> None:
    licence = Licence.objects.select_related("product").get(user=user)
    with context.bound(context.RequestContext(request_id="t", ip=ip, user_agent="Firefox")):
        licensing.download_serve(user=user, licence=licence, file=file)


def shared(user: User, file: ReleaseFile) -> None:
    """The credential-sharing pattern: sign-ins from three networks, a download from a fourth."""
    for ip in NETWORKS[:3]:
        sign_in_from(user, ip)
    download_from(user, file, NETWORKS[3])


def reviewer(organisation: Organisation) -> User:
    user = make_user("analyst@infacta.test", staff=True)
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
        visit = context.RequestContext(request_id="t", ip=f"192.0.2.{20 + number}")
        with context.bound(visit):
            promotions.registration_create(code="spring", name="P", email=f"p{number}@example.test")
    # and one from elsewhere
    with context.bound(context.RequestContext(request_id="t", ip=NETWORKS[1])):
        promotions.registration_create(code="spring", name="P", email="other@example.test")
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
    buyer, file, settings, owner
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
    privacy.privacy_request_start(actor=owner, request=request)
    privacy.privacy_request_complete(actor=owner, request=request)
    # then: downloads are allowed again
    assert download_allowed(buyer)


@pytest.mark.promise("IN-10")
def test_misuse_pages_answer_404_to_outsiders_and_403_without_the_capability(
    buyer, file, infacta, staff_client, outsider
):
    # given: a case, a member of Infacta without misuse.review, and an outsider
    shared(buyer, file)
    services.misuse_scan()
    case = Case.objects.get()
    member = make_user("member@infacta.test", staff=True)
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
