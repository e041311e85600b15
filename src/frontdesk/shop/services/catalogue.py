"""Setting up shops, vendors, categories and products. Every change is audited in its
transaction; slugs are picked under the shop's row lock, so two made at once never clash."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.text import slugify

from frontdesk.access.models import Organisation
from frontdesk.audit.services import audit_record
from frontdesk.shop.catalogue import product_fields
from frontdesk.shop.models import Category, Product, Shop, Vendor

# Shop addresses live under /shop/<slug>/: these words are the shop's own pages.
RESERVED_SLUGS = frozenset({"account", "staff", "api", "static"})
CURRENCIES = frozenset({"EUR", "GBP", "USD", "CHF"})


def _free_slug(model: type[Model], *, name: str, fallback: str, **scope: Any) -> str:
    base = slugify(name)[:40] or fallback
    taken = set(
        model._default_manager.filter(slug__startswith=base, **scope).values_list("slug", flat=True)
    )
    candidate, n = base, 1
    while candidate in taken or candidate in RESERVED_SLUGS:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _name(name: str, *, field: str = "name", limit: int = 120) -> str:
    name = " ".join(name.split())
    if not name or len(name) > limit:
        raise ValidationError({field: f"Enter a name of 1 to {limit} characters."})
    return name


@transaction.atomic
def shop_create(
    *,
    actor: Any,
    organisation: Organisation,
    name: str,
    slug: str,
    order_prefix: str,
    currency: str = "EUR",
) -> Shop:
    """A new shop of `organisation`, at /shop/<slug>/, its orders numbered <order_prefix>-…"""
    name = _name(name)
    errors: dict[str, str] = {}
    if slug != slugify(slug) or not slug or slug in RESERVED_SLUGS:
        errors["slug"] = "Choose a short address of lower-case letters, digits and dashes."
    elif Shop.objects.filter(slug=slug).exists():
        errors["slug"] = "Another shop has this address."
    if not (order_prefix.isalnum() and order_prefix.isupper() and len(order_prefix) <= 6):  # noqa: PLR2004
        errors["order_prefix"] = "Use 1 to 6 capital letters or digits."
    elif Shop.objects.filter(order_prefix=order_prefix).exists():
        errors["order_prefix"] = "Another shop numbers its orders with this prefix."
    if currency not in CURRENCIES:
        errors["currency"] = f"Choose one of {', '.join(sorted(CURRENCIES))}."
    if errors:
        raise ValidationError(errors)
    shop = Shop.objects.create(
        organisation=organisation,
        name=name,
        slug=slug,
        order_prefix=order_prefix,
        currency=currency,
    )
    audit_record(actor=actor, action="shop.shop.created", target=shop, details={"slug": slug})
    return shop


@transaction.atomic
def vendor_create(*, actor: Any, shop: Shop, name: str) -> Vendor:
    """A vendor selling in `shop` (grants on it cover its products and orders)."""
    name = _name(name)
    Shop.objects.select_for_update().get(pk=shop.pk)
    vendor = Vendor.objects.create(
        shop=shop, name=name, slug=_free_slug(Vendor, name=name, fallback="vendor", shop=shop)
    )
    vendor.shop = shop
    audit_record(
        actor=actor,
        action="shop.vendor.created",
        target=vendor,
        details={"shop_id": shop.pk, "name": name},
    )
    return vendor


@transaction.atomic
def category_create(*, actor: Any, shop: Shop, name: str) -> Category:
    name = _name(name, limit=80)
    Shop.objects.select_for_update().get(pk=shop.pk)
    category = Category.objects.create(
        shop=shop, name=name, slug=_free_slug(Category, name=name, fallback="category", shop=shop)
    )
    audit_record(
        actor=actor,
        action="shop.category.created",
        target=category,
        organisation_id=shop.organisation_id,
        details={"shop_id": shop.pk, "name": name},
    )
    return category


def _category(vendor: Vendor, category: Category | None) -> Category | None:
    if category is not None and category.shop_id != vendor.shop_id:
        raise ValidationError({"category": "Choose a category of this shop."})
    return category


@transaction.atomic
def product_create(
    *,
    actor: Any,
    vendor: Vendor,
    name: str,
    price: Any,
    stock: int,
    category: Category | None = None,
    description: str = "",
    weight_grams: int = 0,
    is_physical: bool = True,
    is_active: bool = True,
) -> Product:
    """A product of `vendor`; ValidationError (nothing created) naming every bad field."""
    values = product_fields(
        name=name,
        price=price,
        stock=stock,
        description=description,
        weight_grams=weight_grams,
    )
    category = _category(vendor, category)
    shop = Shop.objects.select_for_update().get(pk=vendor.shop_id)
    product = Product.objects.create(
        shop=shop,
        vendor=vendor,
        category=category,
        slug=_free_slug(Product, name=values["name"], fallback="product", shop=shop),
        is_physical=is_physical,
        is_active=is_active,
        **values,
    )
    product.vendor = vendor
    audit_record(
        actor=actor,
        action="shop.product.created",
        target=product,
        details={"vendor_id": vendor.pk, **_audit_values(values), "is_active": is_active},
    )
    return product


def _audit_values(values: dict[str, Any]) -> dict[str, Any]:
    """What the audit keeps of product fields: not the (long) description."""
    return {key: str(value) for key, value in values.items() if key != "description"}


@transaction.atomic
def product_update(
    *,
    actor: Any,
    product: Product,
    name: str,
    price: Any,
    stock: int,
    category: Category | None = None,
    description: str = "",
    weight_grams: int = 0,
    is_physical: bool = True,
    is_active: bool = True,
) -> Product:
    """Change a product (same rules as `product_create`); its address stays. Orders already
    placed keep the name and price they were placed with. Audited with what changed."""
    values = product_fields(
        name=name,
        price=price,
        stock=stock,
        description=description,
        weight_grams=weight_grams,
    )
    locked = Product.objects.select_for_update().select_related("vendor__shop").get(pk=product.pk)
    values |= {
        "category": _category(locked.vendor, category),
        "is_physical": is_physical,
        "is_active": is_active,
    }
    changed = [key for key, value in values.items() if getattr(locked, key) != value]
    if not changed:
        return locked
    before = {key: str(getattr(locked, key)) for key in changed if key != "description"}
    for key in changed:
        setattr(locked, key, values[key])
    locked.save(update_fields=changed)
    audit_record(
        actor=actor,
        action="shop.product.changed",
        target=locked,
        details={
            "changed": changed,
            "before": before,
            "after": {key: str(values[key]) for key in before},
        },
    )
    return locked
