"""Product photos (issue 4 §1): staff of a vendor upload JPEG, PNG or WebP photos of its
products; each is checked by opening it (not by its name or the browser's word), refused above
the size and pixel limits, and stored re-encoded under a random name with no metadata left.
The public sees the photos of products on sale; staff see all of their vendor's."""

from __future__ import annotations

import io
import os
import struct
import zlib
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from conftest import host_client, make_user, signed_in_client
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from PIL import ExifTags, Image

from frontdesk.access import capabilities as caps
from frontdesk.access.models import Organisation
from frontdesk.audit.models import AuditEvent
from frontdesk.core import clock
from frontdesk.shop import services
from frontdesk.shop.demo import seed_shops
from frontdesk.shop.images import LONG_SIDE, product_image_storage
from frontdesk.shop.models import Product, ProductImage
from frontdesk.shop.tests.conftest import product, vendor

# --- making images ----------------------------------------------------------------------------


def png(size: tuple[int, int] = (64, 48), colour: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format="PNG")
    return out.getvalue()


def jpeg_with_gps() -> bytes:
    """A JPEG whose EXIF says where (GPS) and with what (camera make, model) it was taken."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "SpyCam"
    exif[ExifTags.Base.Model] = "Pocket 3000"
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (51.0, 30.0, 26.0),
        ExifTags.GPS.GPSLongitudeRef: "W",
        ExifTags.GPS.GPSLongitude: (0.0, 7.0, 39.0),
    }
    out = io.BytesIO()
    Image.new("RGB", (80, 60), (10, 120, 200)).save(out, format="JPEG", exif=exif)
    return out.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims `width` x `height` pixels (a decompression bomb's trick)."""
    data = bytearray(png((4, 4)))
    header = b"IHDR" + struct.pack(">II", width, height) + bytes(data[24:29])
    data[12:29] = header
    data[29:33] = struct.pack(">I", zlib.crc32(header))
    return bytes(data)


def upload(data: bytes, name: str = "photo.png", content_type: str = "image/png"):
    return SimpleUploadedFile(name, data, content_type=content_type)


# --- helpers ----------------------------------------------------------------------------------


def stored_files() -> list[Path]:
    root = Path(settings.FRONTDESK_MEDIA_ROOT)
    return [path for path in root.rglob("*") if path.is_file()]


def add_url(item: Product) -> str:
    return reverse("shop:staff_product_image_add", kwargs={"product_id": item.pk})


def page_url(item: Product) -> str:
    return reverse("shop:staff_product", kwargs={"product_id": item.pk})


@pytest.fixture
def bike(market) -> Product:
    return product(market, "Commuter bike")


@pytest.fixture
def cataloguer(market, make_member):
    """Staff of Pedal Works (the bike's vendor) with the catalogue capability."""
    return signed_in_client(make_member([caps.SHOP_CATALOGUE], on=vendor(market, "Pedal Works")))


def photo_of(item: Product, data: bytes | None = None, alt_text: str = "") -> ProductImage:
    return services.product_image_add(
        actor=None, product=item, upload=io.BytesIO(data or png()), alt_text=alt_text
    )


# --- uploading --------------------------------------------------------------------------------


def test_an_uploaded_png_is_stored_re_encoded_under_a_random_name(bike, cataloguer):
    # when
    response = cataloguer.post(
        add_url(bike), {"file": upload(png((3000, 1500)), "my-holiday.png"), "alt_text": "Red"}
    )
    # then
    assert response.status_code == 302
    image = ProductImage.objects.get(product=bike)
    assert image.alt_text == "Red"
    assert "holiday" not in image.file.name
    assert (image.width, image.height) == (LONG_SIDE, LONG_SIDE // 2)
    with product_image_storage().open(image.file.name) as handle, Image.open(handle) as stored:
        assert stored.format == "WEBP"
        assert stored.size == (LONG_SIDE, LONG_SIDE // 2)
    event = AuditEvent.objects.filter(action="shop.product_image.added").get()
    assert event.details["image_id"] == image.pk


@pytest.mark.promise("FD-1")
def test_exif_with_the_gps_position_does_not_survive_an_upload(bike, cataloguer):
    # given: the photo says where it was taken
    original = jpeg_with_gps()
    with Image.open(io.BytesIO(original)) as source:
        assert source.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    # when
    cataloguer.post(add_url(bike), {"file": upload(original, "IMG_0001.jpg", "image/jpeg")})
    # then
    image = ProductImage.objects.get(product=bike)
    content = Path(product_image_storage().path(image.file.name)).read_bytes()
    with Image.open(io.BytesIO(content)) as stored:
        assert not stored.getexif()
        assert not {"exif", "xmp", "icc_profile"} & set(stored.info)
    assert b"Exif" not in content
    assert b"SpyCam" not in content


def test_a_phone_jpeg_with_a_second_picture_is_taken_with_its_first_only(bike, cataloguer):
    # given: a JPEG carrying a second picture (MPO), as some phones write them
    out = io.BytesIO()
    first, hidden = Image.new("RGB", (60, 40), (250, 0, 0)), Image.new("RGB", (60, 40), (0, 0, 250))
    first.save(out, format="MPO", save_all=True, append_images=[hidden])
    # when
    cataloguer.post(add_url(bike), {"file": upload(out.getvalue(), "IMG.jpg", "image/jpeg")})
    # then
    image = ProductImage.objects.get(product=bike)
    with product_image_storage().open(image.file.name) as handle, Image.open(handle) as stored:
        assert getattr(stored, "n_frames", 1) == 1
        red, _, blue = stored.convert("RGB").getpixel((30, 20))  # type: ignore[misc]
        assert red > 200
        assert blue < 50


@pytest.mark.promise("FD-8", "QM-4")
def test_a_text_file_named_png_is_refused_with_a_message_and_nothing_is_stored(bike, cataloguer):
    # given
    fake = upload(b"<html><script>alert(1)</script></html>", "photo.png", "image/png")
    # when
    response = cataloguer.post(add_url(bike), {"file": fake})
    # then
    assert response.status_code == 400
    assert "Upload a photo in JPEG, PNG or WebP format" in response.content.decode()
    assert not ProductImage.objects.exists()
    assert stored_files() == []


@pytest.mark.promise("FD-8", "QM-3")
def test_a_photo_above_the_size_limit_is_refused(bike, cataloguer, settings):
    # given: a limit of 10 KB and a photo of random noise (it does not compress) above it
    settings.FRONTDESK_SHOP_IMAGE_MAX_BYTES = 10 * 1024
    noise = io.BytesIO()
    Image.frombytes("RGB", (100, 100), os.urandom(30_000)).save(noise, format="PNG")
    # when
    response = cataloguer.post(add_url(bike), {"file": upload(noise.getvalue())})
    # then
    assert response.status_code == 400
    assert "larger than 10 KB" in response.content.decode()
    assert not ProductImage.objects.exists()
    assert stored_files() == []


def _noise_png(side: int) -> bytes:
    """A PNG of random noise (it does not compress): about 3 bytes a pixel."""
    out = io.BytesIO()
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(out, format="PNG")
    return out.getvalue()


def test_a_photo_larger_than_other_requests_may_be_is_taken(bike, cataloguer, settings):
    # given: a 1.9 MB photo, above the 1 MB every other request is held to
    data = _noise_png(800)
    assert (
        settings.DATA_UPLOAD_MAX_MEMORY_SIZE < len(data) < settings.FRONTDESK_SHOP_IMAGE_MAX_BYTES
    )
    # when
    response = cataloguer.post(add_url(bike), {"file": upload(data)})
    # then
    assert response.status_code == 302
    assert ProductImage.objects.filter(product=bike).count() == 1


@pytest.mark.promise("QM-3")
def test_the_larger_limit_is_the_upload_urls_alone(bike, cataloguer, settings):
    # given: the same 1.9 MB multipart body, sent elsewhere
    data = {"file": upload(_noise_png(800))}
    # when
    elsewhere = cataloguer.post(page_url(bike), data)
    # then: held to the general limit (our 400 page), nothing stored
    assert elsewhere.status_code == 400
    assert b"Bad request" in elsewhere.content
    # and the upload URL takes no more than its own limit either
    settings.FRONTDESK_UPLOAD_URLS = {"shop:staff_product_image_add": 1024 * 1024}
    assert cataloguer.post(add_url(bike), data).status_code == 400
    assert not ProductImage.objects.exists()


@pytest.mark.promise("FD-8", "QM-3")
@pytest.mark.parametrize(
    "data",
    [
        pytest.param(lambda: png_claiming(30_000, 30_000), id="header-claims-900-megapixels"),
        pytest.param(
            lambda: _saved(Image.new("1", (7000, 7000))), id="small-file-of-49-megapixels"
        ),
    ],
)
def test_a_decompression_bomb_is_refused_before_it_is_decoded(bike, cataloguer, data):
    # given: a file of a few kilobytes that would take hundreds of megabytes once decoded
    bomb = data()
    assert len(bomb) < 100_000
    # when
    response = cataloguer.post(add_url(bike), {"file": upload(bomb)})
    # then
    assert response.status_code == 400
    assert "more than 40 megapixels" in response.content.decode()
    assert not ProductImage.objects.exists()
    assert stored_files() == []


def _saved(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def test_staff_make_a_photo_first_and_remove_one_each_audited(
    bike, cataloguer, django_capture_on_commit_callbacks
):
    # given
    first, second = photo_of(bike, alt_text="front"), photo_of(bike, alt_text="side")
    shown = cataloguer.get(page_url(bike)).content.decode()
    assert f'src="{second.url}" alt="side"' in shown
    assert shown.count("Make first") == 1
    # when
    cataloguer.post(reverse("shop:staff_product_image_first", kwargs={"image_id": second.pk}))
    # then
    assert list(bike.images.values_list("alt_text", flat=True)) == ["side", "front"]
    assert bike.picture() == second
    # when
    path = Path(product_image_storage().path(second.file.name))
    with django_capture_on_commit_callbacks(execute=True):
        cataloguer.post(reverse("shop:staff_product_image_remove", kwargs={"image_id": second.pk}))
    # then
    assert list(bike.images.all()) == [first]
    assert not path.exists()
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"shop.product_image.reordered", "shop.product_image.removed"} <= actions


# --- who may --------------------------------------------------------------------------------


@pytest.mark.promise("QL-15", "QM-7")
def test_staff_of_another_vendor_get_404_on_a_products_photos(bike, market, make_member):
    # given: staff with the catalogue capability, on Urban Scooters
    other = signed_in_client(
        make_member([caps.SHOP_CATALOGUE], on=vendor(market, "Urban Scooters"))
    )
    image = photo_of(bike)
    # then
    assert other.get(page_url(bike)).status_code == 404
    assert other.post(add_url(bike), {"file": upload(png())}).status_code == 404
    for name in ("shop:staff_product_image_first", "shop:staff_product_image_remove"):
        assert other.post(reverse(name, kwargs={"image_id": image.pk})).status_code == 404
    assert ProductImage.objects.filter(product=bike).count() == 1


@pytest.mark.promise("QL-15")
def test_a_member_without_the_catalogue_capability_gets_403(bike, market, make_member):
    # given: fulfilment staff of the bike's own vendor
    packer = signed_in_client(make_member([caps.SHOP_FULFIL], on=vendor(market, "Pedal Works")))
    image = photo_of(bike)
    # then
    assert packer.get(page_url(bike)).status_code == 403
    assert packer.post(add_url(bike), {"file": upload(png())}).status_code == 403
    remove = reverse("shop:staff_product_image_remove", kwargs={"image_id": image.pk})
    assert packer.post(remove).status_code == 403
    assert ProductImage.objects.filter(product=bike).count() == 1


# --- serving ----------------------------------------------------------------------------------


@pytest.mark.promise("QM-4")
def test_a_photo_is_served_as_an_image_cached_for_a_year_never_sniffed(bike):
    # given
    client = host_client(bike.shop.organisation)
    image = photo_of(bike)
    # when
    response = client.get(image.url)
    # then
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    body = b"".join(response.streaming_content)  # type: ignore[attr-defined]  # a FileResponse
    assert body == Path(product_image_storage().path(image.file.name)).read_bytes()


@pytest.mark.promise("QM-3")
def test_a_photo_of_a_product_not_on_sale_is_shown_to_its_staff_only(
    bike, cataloguer, market, make_member
):
    # given
    client = host_client(bike.shop.organisation)
    image = photo_of(bike)
    Product.objects.filter(pk=bike.pk).update(is_active=False)
    other = signed_in_client(
        make_member([caps.SHOP_CATALOGUE], on=vendor(market, "Urban Scooters"))
    )
    # then
    assert client.get(image.url).status_code == 404
    assert other.get(image.url).status_code == 404
    staff = cataloguer.get(image.url)
    assert staff.status_code == 200
    assert {"private", "no-store"} <= {part.strip() for part in staff["Cache-Control"].split(",")}


@pytest.mark.promise("FD-7")
def test_a_signed_in_customer_may_cache_a_public_photo_but_not_a_page(bike, market):
    # given: a signed-in customer
    customer = signed_in_client(make_user("casey@example.test", organisation=market.organisation))
    image = photo_of(bike)
    # when
    photo = customer.get(image.url)
    page = customer.get(reverse("shop:home", kwargs={"shop_slug": market.slug}))
    # then: the photo (the same for everyone) is cached, the page (about them) is not
    assert photo["Cache-Control"] == "public, max-age=31536000, immutable"
    assert "no-store" in page["Cache-Control"]


@pytest.mark.promise("QM-3")
def test_a_photo_of_another_business_is_not_served_on_this_ones_host(bike, florist):
    # given
    image = photo_of(bike)
    # then: QMobility's photo is not found on Julie Floral's host
    assert host_client(florist.organisation).get(image.url).status_code == 404
    assert host_client(bike.shop.organisation).get(image.url).status_code == 200


@pytest.mark.promise("QM-3")
def test_only_names_of_stored_photos_are_served(bike):
    # given: a file in the media folder that no photo names
    client = host_client(bike.shop.organisation)
    photo_of(bike)
    stray = Path(settings.FRONTDESK_MEDIA_ROOT) / "shop" / ("A" * 32 + ".webp")
    stray.write_bytes(b"stray")
    # then
    assert client.get(f"/media/shop/{stray.name}").status_code == 404
    assert client.get("/media/shop/..%2F..%2Fsecret_key").status_code == 404


# --- the storefront ---------------------------------------------------------------------------


def test_the_shop_shows_the_first_photo_and_the_product_page_all_with_alt_text(bike):
    # given
    client = host_client(bike.shop.organisation)
    first = photo_of(bike, alt_text="The bike from the side")
    second = photo_of(bike, alt_text="Its gears")
    # when
    listing = client.get(reverse("shop:home", kwargs={"shop_slug": bike.shop.slug}))
    page = client.get(
        reverse("shop:product", kwargs={"shop_slug": bike.shop.slug, "product_slug": bike.slug})
    )
    # then
    listed = listing.content.decode()
    assert f'src="{first.url}" alt="The bike from the side"' in listed
    assert second.url not in listed
    shown = page.content.decode()
    assert f'src="{first.url}" alt="The bike from the side"' in shown
    assert f'src="{second.url}" alt="Its gears"' in shown
    api = client.get(f"/api/shop/{bike.shop.slug}/products/{bike.slug}").json()
    assert [each["url"] for each in api["images"]] == [first.url, second.url]


def test_the_demo_shops_show_a_picture_of_every_product(db):
    # when
    seed_shops(password="frontdesk-demo-2026")
    # then: each on its own business's host
    products = Product.objects.prefetch_related("images").select_related("shop__organisation")
    assert products.exists()
    for item in products:
        picture = item.picture()
        assert picture is not None, item.name
        assert picture.alt_text
        assert host_client(item.shop.organisation).get(picture.url).status_code == 200
    client = host_client(Organisation.objects.get(slug="julie-floral"))
    shown = client.get(reverse("shop:home", kwargs={"shop_slug": "julie-floral"})).content
    assert (
        shown.decode().count('src="/media/shop/')
        == Product.objects.filter(shop__slug="julie-floral").count()
    )


# --- the data migration -----------------------------------------------------------------------

BEFORE = [("shop", "0002_productimage")]
AFTER = [("shop", "0004_remove_product_image")]


@pytest.mark.django_db(transaction=True)
def test_a_bundled_picture_chosen_before_becomes_the_products_first_photo():
    # given: the schema before photos, and a product that chose a bundled picture
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    try:
        old = executor.loader.project_state(BEFORE).apps
        # access is not migrated back (it does not depend on the shop): its model of today
        organisation = Organisation.objects.create(name="O", slug="o")
        shop = old.get_model("shop", "Shop").objects.create(
            organisation_id=organisation.pk, name="S", slug="s", order_prefix="S"
        )
        seller = old.get_model("shop", "Vendor").objects.create(shop=shop, name="V", slug="v")
        made = old.get_model("shop", "Product").objects.create(
            shop=shop, vendor=seller, name="Roses", slug="roses", price=5,
            image="shop/products/roses.svg",
        )  # fmt: skip
        # when
        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)
    finally:
        MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())
    # then
    image = ProductImage.objects.get(product_id=made.pk)
    assert image.alt_text == "Red roses"
    assert image.position == 0
    with product_image_storage().open(image.file.name) as handle, Image.open(handle) as stored:
        assert stored.format == "WEBP"
        assert stored.size == (image.width, image.height)


def test_a_file_left_by_a_rolled_back_upload_is_deleted_once_old(bike, settings):
    # given: a photo, and the file of an upload whose transaction rolled back
    kept = photo_of(bike)
    storage = product_image_storage()

    def upload_then_fail() -> None:
        with transaction.atomic():
            photo_of(bike)
            raise RuntimeError("the request failed after the upload was written")

    with pytest.raises(RuntimeError):
        upload_then_fail()
    assert len(stored_files()) == 2
    # when: the daily task runs at once, and again an hour later
    assert services.product_image_orphans_delete() == 0
    with time_machine.travel(clock.now() + timedelta(hours=2)):
        deleted = services.product_image_orphans_delete()
    # then: only the file no row names is gone
    assert deleted == 1
    assert [path.name for path in stored_files()] == [kept.file.name]
    assert storage.exists(kept.file.name)
