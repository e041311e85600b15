"""Products chose a bundled static picture (`Product.image`, e.g. "shop/products/roses.svg");
they now have uploaded photos (`ProductImage`). Each chosen picture becomes the product's first
ProductImage: the PNG shipped beside the old SVG, re-encoded to WebP under a random name in the
media root, exactly as an upload is stored. Self-contained on purpose (no app code), so later
changes to the upload path cannot change what this migration did.

Going back leaves the photos in place and the old field blank (nothing maps a photo back to a
bundled picture).
"""

import io
import secrets
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db import migrations

import frontdesk.shop

# The pictures staff could choose, with what they show (now their alt text).
BUNDLED = {
    "shop/products/roses.svg": "Red roses",
    "shop/products/tulips.svg": "Tulips",
    "shop/products/bouquet.svg": "Mixed bouquet",
    "shop/products/plant.svg": "Potted plant",
    "shop/products/card.svg": "Gift card",
    "shop/products/scooter.svg": "Scooter",
    "shop/products/bike.svg": "Bicycle",
    "shop/products/helmet.svg": "Helmet",
    "shop/products/battery.svg": "Battery",
    "shop/products/lock.svg": "Lock",
}


def _webp(source: Path) -> tuple[bytes, int, int]:
    from PIL import Image

    with Image.open(source, formats=["PNG"]) as image:
        rgb = image.convert("RGB")
    bare = Image.frombytes(rgb.mode, rgb.size, rgb.tobytes())
    bare.thumbnail((2000, 2000))
    out = io.BytesIO()
    bare.save(out, format="WEBP", quality=85, method=4)
    return out.getvalue(), bare.width, bare.height


def forwards(apps, schema_editor):
    Product = apps.get_model("shop", "Product")
    ProductImage = apps.get_model("shop", "ProductImage")
    static = Path(frontdesk.shop.__file__).resolve().parent / "static"
    storage = FileSystemStorage(location=Path(settings.FRONTDESK_MEDIA_ROOT) / "shop")
    # the database being migrated, which need not be the default one (an anonymised copy)
    database = schema_editor.connection.alias
    for product in Product.objects.using(database).exclude(image="").iterator():
        source = static / Path(product.image).with_suffix(".png")
        if product.image not in BUNDLED or not source.is_file():
            continue  # the form only ever offered BUNDLED: nothing else can be there
        content, width, height = _webp(source)
        name = storage.save(secrets.token_urlsafe(24) + ".webp", ContentFile(content))
        ProductImage.objects.using(database).create(
            product=product,
            position=0,
            file=name,
            width=width,
            height=height,
            alt_text=BUNDLED[product.image],
        )


class Migration(migrations.Migration):
    dependencies = [("shop", "0002_productimage")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
