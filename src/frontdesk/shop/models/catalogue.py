"""The catalogue: a shop of an organisation, the vendors selling in it, and their products."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.db import models

from frontdesk.access.scopes import ORGANISATION, Scope
from frontdesk.core import clock, tenancy
from frontdesk.shop.images import ALT_TEXT_MAX, URL_PREFIX, product_image_storage

VENDOR = "vendor"  # the scope kind of a grant on one vendor: its staff see only its orders


class Shop(models.Model):
    """A web shop of an organisation, in one currency. Orders are numbered per shop
    (`<order_prefix>-000001`, ...): `last_order_number` is taken under the shop's row lock."""

    BUSINESS_SCOPE = "organisation"

    organisation = models.ForeignKey(
        "access.Organisation", on_delete=models.PROTECT, related_name="shops"
    )
    name = models.CharField(max_length=120)
    slug = models.SlugField(unique=True)
    currency = models.CharField(max_length=3, default="EUR")
    order_prefix = models.CharField(max_length=6, unique=True)
    last_order_number = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=clock.now)

    objects = tenancy.BusinessManager["Shop"]()

    class Meta:
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name

    def access_scopes(self) -> list[Scope]:
        return [Scope(ORGANISATION, self.organisation_id)]


class Vendor(models.Model):
    """Who sells and ships: the organisation itself in a one-vendor shop (Julie Floral), or one
    of the marketplace's sellers (QMobility). Grants on a vendor cover its products and orders."""

    BUSINESS_SCOPE = "shop__organisation"

    shop = models.ForeignKey(Shop, on_delete=models.PROTECT, related_name="vendors")
    name = models.CharField(max_length=120)
    slug = models.SlugField()
    created_at = models.DateTimeField(default=clock.now)

    objects = tenancy.BusinessManager["Vendor"]()

    class Meta:
        ordering = ("name",)
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["shop", "slug"], name="vendor_slug_per_shop")
        ]

    def __str__(self) -> str:
        return self.name

    def access_scopes(self) -> list[Scope]:
        """Load with select_related("shop")."""
        return [Scope(VENDOR, self.pk), Scope(ORGANISATION, self.shop.organisation_id)]

    def audit_organisation_id(self) -> int:
        return self.shop.organisation_id


class Category(models.Model):
    BUSINESS_SCOPE = "shop__organisation"

    shop = models.ForeignKey(Shop, on_delete=models.CASCADE, related_name="categories")
    name = models.CharField(max_length=80)
    slug = models.SlugField()

    objects = tenancy.BusinessManager["Category"]()

    class Meta:
        ordering = ("name",)
        verbose_name_plural = "categories"
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["shop", "slug"], name="category_slug_per_shop")
        ]

    def __str__(self) -> str:
        return self.name


class Product(models.Model):
    """Something a vendor sells, at `price` in the shop's currency.

    Rules: `stock` never goes below zero — it is taken at checkout under the row lock with an
    F() update, and returned when an unpaid order is cancelled; `slug` is unique within the
    shop (services pick it); its photos are its `images` (`ProductImage`, the first is its
    catalogue picture); inactive products are not sold, and their photos are not shown to the
    public. `weight_grams` goes on the shipping manifest; products that are not physical need
    no shipping address.
    """

    BUSINESS_SCOPE = "shop__organisation"

    shop = models.ForeignKey(Shop, on_delete=models.PROTECT, related_name="products")
    vendor = models.ForeignKey(Vendor, on_delete=models.PROTECT, related_name="products")
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.SET_NULL, related_name="products"
    )
    name = models.CharField(max_length=120)
    slug = models.SlugField()
    description = models.TextField(blank=True)
    price = models.DecimalField(max_digits=10, decimal_places=2)
    stock = models.PositiveIntegerField(default=0)
    weight_grams = models.PositiveIntegerField(default=0)
    is_active = models.BooleanField(default=True)
    is_physical = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=clock.now)

    objects = tenancy.BusinessManager["Product"]()

    class Meta:
        ordering = ("name", "pk")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["shop", "slug"], name="product_slug_per_shop"),
            models.CheckConstraint(condition=models.Q(price__gt=0), name="product_price_positive"),
        ]

    def __str__(self) -> str:
        return self.name

    def access_scopes(self) -> list[Scope]:
        """Load with select_related("vendor__shop")."""
        return self.vendor.access_scopes()

    def audit_organisation_id(self) -> int:
        return self.vendor.shop.organisation_id

    @property
    def currency(self) -> str:
        return self.shop.currency

    def line_total(self, quantity: int) -> Decimal:
        return self.price * quantity

    def picture(self) -> ProductImage | None:
        """The catalogue picture: the first of its photos (prefetch `images` for a list)."""
        return next(iter(self.images.all()), None)


class ProductImage(models.Model):
    """A photo of a product. Rules: `file` is a WebP re-encoded by `images.image_encode` (no
    metadata of the upload survives) under a random name, in `images.product_image_storage`;
    the images of a product are shown by `position` (then pk), the first is its catalogue
    picture; they are added, removed and reordered only by the services (audited). The public
    sees an image only while its product is active (`selectors.image_to_serve`)."""

    BUSINESS_SCOPE = "product__shop__organisation"

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="images")
    position = models.PositiveIntegerField(default=0)
    file = models.FileField(storage=product_image_storage, max_length=100)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    alt_text = models.CharField(max_length=ALT_TEXT_MAX, blank=True)
    created_at = models.DateTimeField(default=clock.now)

    objects = tenancy.BusinessManager["ProductImage"]()

    class Meta:
        ordering = ("position", "pk")
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["product", "position"], name="product_image_order")
        ]

    def __str__(self) -> str:
        return self.file.name or ""

    def access_scopes(self) -> list[Scope]:
        """Load with select_related("product__vendor__shop")."""
        return self.product.access_scopes()

    def audit_organisation_id(self) -> int:
        return self.product.audit_organisation_id()

    @property
    def url(self) -> str:
        return f"{URL_PREFIX}{self.file.name}"

    def alt(self) -> str:
        """What a screen reader says: the alt text staff wrote, else the product's name."""
        return self.alt_text or self.product.name
