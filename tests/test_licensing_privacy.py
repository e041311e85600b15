"""The customer area's personal data (issue 5, acceptance 3; FD-1, FD-9, FD-10, FD-11, IN-21):
declared, in the customer's data download, destroyed by erasure (the purchase kept without
identity), swept by retention (download records go, the quota's counters stay), and never in
an anonymised development copy — nor is a partner's signing secret."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from decimal import Decimal

import pytest
from conftest import business, make_user
from django.db import connection

from frontdesk.core import clock, context
from frontdesk.core.declarations import personal_data
from frontdesk.identity.models import User
from frontdesk.licensing import services
from frontdesk.licensing.models import (
    Download,
    DownloadCount,
    Licence,
    Partner,
    Purchase,
    ReleaseFile,
    RememberedAccount,
)
from frontdesk.licensing.notices import Contact, Order, PurchaseNotice
from frontdesk.privacy import export
from frontdesk.privacy.erasure import account_erase
from frontdesk.privacy.retention import retention_sweep
from tests.test_anonymised_copy import _all_text, _frontdesk, _this_database_url

BUYER = "grace.planted@example.test"
PLANTED = ["Grace Plantedbuyer", BUYER, "Planted Engines Ltd", "198.51.100.61", "203.0.113.62"]


@pytest.fixture
def bought(db, tmp_path, settings) -> Licence:
    """A buyer (an account with a password at Infacta) whose licence came from Infacta's
    partner, with a download and a remembered browser."""
    settings.FRONTDESK_DOWNLOADS_ROOT = str(tmp_path / "downloads")
    infacta = business("Infacta", "infacta")
    product = services.product_create(
        actor=None, organisation=infacta, code="GM", name="Group Mail", downloads_per_release=3
    )
    release = services.release_create(actor=None, product=product, version="1.0")
    source = tmp_path / "gm.exe"
    source.write_bytes(b"installer")
    file = services.release_file_add(actor=None, release=release, source=source)
    partner, _ = services.partner_create(
        actor=None, organisation=infacta, code="plimus", name="Plimus"
    )
    user = make_user(BUYER, full_name="Grace Plantedbuyer", organisation=infacta)
    notice = PurchaseNotice(
        event_id="e1",
        contact=Contact(email=BUYER, name="Grace Plantedbuyer", company="Planted Engines Ltd"),
        order=Order(
            reference="PL-77",
            ordered_at=clock.now(),
            product_code="GM",
            quantity=1,
            price=Decimal("49.00"),
            currency="USD",
            options='{"delivery": "planted option"}',
        ),
    )
    services.purchase_record(partner=partner, notice=notice, partner_ip="198.51.100.61")
    licence = Licence.objects.select_related("product").get(user=user)
    with context.bound(context.RequestContext(ip="203.0.113.62")):
        services.download_serve(user=user, licence=licence, file=file)
    services.remember_issue(user=user)
    return licence


@pytest.mark.promise("FD-1", "IN-3")
def test_the_area_declares_its_data_and_the_partners_as_processors():
    # when
    declared = {(item.model, name): item for item in personal_data() for name in item.fields}
    # then
    purchase = declared[("licensing.Purchase", "contact_email")]
    assert purchase.recipients[0].role == "processor"
    assert "e-commerce partners" in purchase.recipients[0].name
    for key in [
        ("licensing.Purchase", "partner_ip"),
        ("licensing.Licence", "unlock_code"),
        ("licensing.Download", "ip"),
        ("licensing.RememberedAccount", "token_hash"),
    ]:
        assert key in declared, key


@pytest.mark.promise("IN-21", "FD-9", "IN-11", "IN-20")
@pytest.mark.django_db
def test_the_data_download_holds_the_purchase_licence_and_downloads(bought):
    # when
    data = export.export_for(bought.user)
    sections = {section["model"]: section for section in data["sections"]}
    # then
    [purchase] = sections["licensing.Purchase"]["rows"]
    assert purchase["contact_company"] == "Planted Engines Ltd"
    assert purchase["partner_ip"] == "198.51.100.61"
    [licence] = sections["licensing.Licence"]["rows"]
    assert licence["unlock_code"] == bought.unlock_code
    assert licence["product"] == "Group Mail"
    [download] = sections["licensing.Download"]["rows"]
    assert download["ip"] == "203.0.113.62"
    assert download["file"] == "gm.exe"
    [counter] = sections["licensing.DownloadCount"]["rows"]
    assert counter["used"] == 1
    [remembered] = sections["licensing.RememberedAccount"]["rows"]
    assert remembered["token_hash"] == export.WITHHELD


@pytest.mark.promise("FD-11", "JF-7")
@pytest.mark.django_db
def test_erasure_keeps_the_purchase_without_identity_and_deletes_the_rest(
    bought, django_capture_on_commit_callbacks
):
    # given
    user = bought.user
    purchase = Purchase.objects.get()
    # when
    with django_capture_on_commit_callbacks(execute=True):
        account_erase(actor=None, user=user)
    # then: the purchase stays (what, when, how much), without who
    kept = Purchase.objects.get(pk=purchase.pk)
    assert kept.user is None
    assert (kept.contact_name, kept.contact_email, kept.contact_company, kept.options) == (
        "",
        "",
        "",
        "",
    )
    assert kept.partner_ip is None
    assert (kept.reference, kept.price, kept.quantity) == ("PL-77", Decimal("49.00"), 1)
    # and the licence, its counter, the downloads and the remembered browser are gone
    for model in (Licence, DownloadCount, Download, RememberedAccount):
        assert not model.objects.exists(), model
    # and nothing planted is left in the tables, in any form
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM licensing_purchase")
        stored = str(cursor.fetchall())
    for value in PLANTED:
        assert value not in stored
    assert User.objects.get(pk=user.pk).email.endswith("@erased.invalid")


@pytest.mark.promise("FD-10", "IN-11")
@pytest.mark.django_db
def test_retention_deletes_old_download_records_but_keeps_the_quota(bought, settings):
    # given: a download a year and a day old
    Download.objects.update(created_at=clock.now() - timedelta(days=366))
    # when
    retention_sweep()
    # then: the record is gone, the quota still knows it was taken
    assert not Download.objects.exists()
    assert DownloadCount.objects.get().used == 1
    assert Licence.objects.exists()


@pytest.mark.promise("FD-10")
@pytest.mark.django_db
def test_retention_blanks_purchase_contacts_after_the_accounting_period(bought, settings):
    # given: a purchase notified longer ago than the deployment keeps accounting records
    settings.FRONTDESK_RETENTION_PURCHASE_DAYS = 30
    Purchase.objects.update(received_at=clock.now() - timedelta(days=31))
    # when
    retention_sweep()
    # then
    kept = Purchase.objects.get()
    assert (kept.contact_email, kept.partner_ip) == ("", None)
    assert kept.reference == "PL-77"


@pytest.mark.promise("QL-3")
@pytest.mark.django_db(transaction=True)
def test_the_development_copy_has_no_buyer_and_no_partner_secret(bought, tmp_path):
    # given
    secret = Partner.objects.get().secret
    assert secret
    target = tmp_path / "dev.sqlite3"
    # when
    made = _frontdesk("privacy", "anonymised-copy", str(target), database_url=_this_database_url())
    # then
    assert made.returncode == 0, made.stderr
    text = _all_text(target)
    for value in [*PLANTED, secret, bought.unlock_code]:
        assert value not in text, value
    copy = sqlite3.connect(target)
    assert copy.execute("SELECT count(*) FROM licensing_purchase").fetchone()[0] == 1
    assert copy.execute("SELECT count(*) FROM licensing_licence").fetchone()[0] == 0
    assert copy.execute("SELECT count(*) FROM licensing_rememberedaccount").fetchone()[0] == 0
    assert copy.execute("SELECT count(*) FROM licensing_releasefile").fetchone()[0] == 1
    copy.close()
    assert ReleaseFile.objects.count() == 1
