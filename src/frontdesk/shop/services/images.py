"""Product photos: added (re-encoded, see `frontdesk.shop.images`), removed, and reordered.
Each change is audited in its transaction, with the product's images changed under the
product's row lock, so two staff members working at once never interleave positions.

Files and rows: a photo's file is written before its row, and deleted only once the removal is
committed. A rollback after the write leaves a file no row names; the serving view finds files
by their row, so such a file is never served, and `product_image_orphans_delete` (daily, on
the worker) deletes it once it is old enough that no upload can still be committing it.
"""

from __future__ import annotations

from datetime import timedelta
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max

from frontdesk.audit.services import audit_record
from frontdesk.core import clock
from frontdesk.shop.images import (
    ALT_TEXT_MAX,
    NAME,
    PER_PRODUCT_MAX,
    image_encode,
    new_name,
    product_image_storage,
)
from frontdesk.shop.models import Product, ProductImage


def _alt_text(alt_text: str) -> str:
    alt_text = " ".join(alt_text.split())
    if len(alt_text) > ALT_TEXT_MAX:
        raise ValidationError({"alt_text": f"Keep the description to {ALT_TEXT_MAX} characters."})
    return alt_text


def _locked(product: Product) -> Product:
    return Product.objects.select_for_update().select_related("vendor__shop").get(pk=product.pk)


@transaction.atomic
def product_image_add(
    *, actor: Any, product: Product, upload: IO[bytes], alt_text: str = ""
) -> ProductImage:
    """Add a photo after the product's others. The upload is checked and re-encoded first:
    ValidationError (with the message to show, nothing stored) when it is not a JPEG, PNG or
    WebP photo within the size and pixel limits, or when the product has `PER_PRODUCT_MAX`."""
    alt_text = _alt_text(alt_text)
    locked = _locked(product)
    if locked.images.count() >= PER_PRODUCT_MAX:
        raise ValidationError(
            {"file": f"A product has at most {PER_PRODUCT_MAX} photos. Remove one first."}
        )
    try:
        encoded = image_encode(upload)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error
    last = locked.images.aggregate(last=Max("position"))["last"]
    name = product_image_storage().save(new_name(), ContentFile(encoded.content))
    image = ProductImage.objects.create(
        product=locked,
        position=0 if last is None else last + 1,
        file=name,
        width=encoded.width,
        height=encoded.height,
        alt_text=alt_text,
    )
    audit_record(
        actor=actor,
        action="shop.product_image.added",
        target=locked,
        details={
            "image_id": image.pk,
            "file": name,
            "width": encoded.width,
            "height": encoded.height,
            "bytes": len(encoded.content),
        },
    )
    return image


@transaction.atomic
def product_image_remove(*, actor: Any, image: ProductImage) -> None:
    """Remove a photo; its file goes once the removal is committed."""
    locked = _locked(image.product)
    found = ProductImage.objects.filter(pk=image.pk, product=locked).first()
    if found is None:
        return  # removed already (a second click): nothing left to do
    name = found.file.name or ""
    found.delete()
    audit_record(
        actor=actor,
        action="shop.product_image.removed",
        target=locked,
        details={"image_id": image.pk, "file": name},
    )
    transaction.on_commit(lambda: product_image_storage().delete(name))


@transaction.atomic
def product_image_make_first(*, actor: Any, image: ProductImage) -> None:
    """Make a photo the product's first (its catalogue picture); the others keep their order."""
    locked = _locked(image.product)
    images = list(locked.images.all())
    chosen = next((each for each in images if each.pk == image.pk), None)
    if chosen is None or images[0].pk == chosen.pk:
        return
    ordered = [chosen, *(each for each in images if each.pk != chosen.pk)]
    for position, each in enumerate(ordered):
        each.position = position
    ProductImage.objects.bulk_update(ordered, ["position"])
    audit_record(
        actor=actor,
        action="shop.product_image.reordered",
        target=locked,
        details={"first": chosen.pk, "order": [each.pk for each in ordered]},
    )


# A file younger than this may belong to an upload whose transaction has not committed yet.
ORPHAN_AGE = timedelta(hours=1)


def product_image_orphans_delete() -> int:
    """Delete the photo files no row names (left by a rolled-back upload) that are older than
    ORPHAN_AGE; the number deleted. Only names `new_name` makes are considered."""
    storage = product_image_storage()
    try:
        _, names = storage.listdir("")
    except FileNotFoundError:
        return 0  # nothing uploaded yet
    named = set(ProductImage.objects.values_list("file", flat=True))
    cutoff = clock.now() - ORPHAN_AGE
    deleted = 0
    for name in names:
        if NAME.match(name) and name not in named and storage.get_modified_time(name) < cutoff:
            storage.delete(name)
            deleted += 1
    return deleted
