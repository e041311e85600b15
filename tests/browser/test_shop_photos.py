"""A vendor's staff member adds product photos (issue 4 §1): signs in with a TOTP code, goes
from the staff area to the product, uploads a photo taken with a phone (it carries the GPS
position), makes it the catalogue picture, and the shop shows it — re-encoded, with no
metadata left — under the strict Content-Security-Policy (QM-4)."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from conftest import make_user
from django_otp.plugins.otp_totp.models import TOTPDevice
from PIL import ExifTags, Image
from playwright.sync_api import expect

from frontdesk.access import capabilities as caps
from frontdesk.access import services as access
from frontdesk.access.scopes import Scope
from frontdesk.shop import services
from frontdesk.shop.images import product_image_storage
from frontdesk.shop.models import VENDOR, ProductImage
from tests.browser.test_queue_flow import sign_in_with_totp


@pytest.fixture
def bike(transactional_db, tmp_path, settings):
    settings.FRONTDESK_MEDIA_ROOT = str(tmp_path / "media")
    organisation = access.organisation_create(name="QMobility", slug="qmobility")
    shop = services.shop_create(
        actor=None, organisation=organisation, name="QMobility", slug="qm", order_prefix="QM"
    )
    vendor = services.vendor_create(actor=None, shop=shop, name="Pedal Works")
    bike = services.product_create(
        actor=None, vendor=vendor, name="Commuter bike", price=Decimal("599.00"), stock=5
    )
    services.product_image_add(actor=None, product=bike, upload=io.BytesIO(_png()), alt_text="Old")
    return bike


@pytest.fixture
def cataloguer(bike):
    organisation = bike.vendor.shop.organisation
    user = make_user(
        "cat@pedalworks.test", staff=True, full_name="Cat Alogue", organisation=organisation
    )
    role = access.role_create(
        actor=None, organisation=organisation, name="Catalogue", capabilities=[caps.SHOP_CATALOGUE]
    )
    access.grant_add(actor=None, user=user, role=role, scope=Scope(VENDOR, bike.vendor_id))
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return user


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (120, 120, 120)).save(out, format="PNG")
    return out.getvalue()


def _phone_photo() -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "SpyCam"
    exif[ExifTags.IFD.GPSInfo] = {ExifTags.GPS.GPSLatitudeRef: "N"}
    out = io.BytesIO()
    Image.new("RGB", (1200, 900), (200, 40, 40)).save(out, format="JPEG", exif=exif)
    return out.getvalue()


@pytest.mark.promise("QM-4")
def test_staff_upload_a_photo_make_it_first_and_the_shop_shows_it(
    live_url, new_page, bike, cataloguer
):
    page = new_page()
    # when: the member signs in and goes from the staff area to the product
    sign_in_with_totp(page, live_url(bike.vendor.shop.organisation), cataloguer)
    page.goto(f"{live_url(bike.vendor.shop.organisation)}/staff/")
    page.get_by_role("link", name="Shop orders and products").click()
    page.get_by_role("link", name="Products").click()
    page.get_by_role("link", name="Commuter bike").click()
    # and uploads a phone's photo with a description, then makes it the catalogue picture
    page.get_by_label("Photo", exact=True).set_input_files(
        files=[{"name": "IMG_0001.jpg", "mimeType": "image/jpeg", "buffer": _phone_photo()}]
    )
    page.get_by_label("What the photo shows").fill("Red commuter bike")
    page.get_by_role("button", name="Upload the photo").click()
    expect(page.locator(".staff-photos li")).to_have_count(2)
    page.get_by_role("button", name="Make first").click()
    expect(page.locator(".staff-photos li").first).to_contain_text("Red commuter bike")
    # then: the shop shows it first, and what is stored is a bare re-encoded picture
    page.goto(f"{live_url(bike.vendor.shop.organisation)}/shop/qm/")
    picture = page.get_by_role("img", name="Red commuter bike")
    expect(picture).to_be_visible()
    assert re.search(r"/media/shop/[A-Za-z0-9_-]{32}\.webp$", picture.get_attribute("src") or "")
    photo = ProductImage.objects.get(alt_text="Red commuter bike")
    assert photo.position == 0
    with product_image_storage().open(photo.file.name) as handle, Image.open(handle) as stored:
        assert stored.format == "WEBP"
        assert not stored.getexif()
