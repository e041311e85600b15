"""Forms of the shop pages. They only parse input: the rules live in `details`, `catalogue` and
the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from frontdesk.shop.catalogue import LINE_QUANTITY_MAX
from frontdesk.shop.details import OrderDetails, details_clean
from frontdesk.shop.images import ALT_TEXT_MAX, LONG_SIDE
from frontdesk.shop.models import Category, Product
from frontdesk.shop.models.details import BILLING_FIELDS, CONTACT_FIELDS, SHIPPING_FIELDS


class QuantityForm(forms.Form):
    """A product and a quantity: add to the cart, or change a line (0 removes it)."""

    product_id = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    quantity = forms.IntegerField(
        min_value=0,
        max_value=LINE_QUANTITY_MAX,
        initial=1,
        error_messages={
            "min_value": "Choose a quantity of 0 or more.",
            "max_value": f"Choose at most {LINE_QUANTITY_MAX}.",
            "invalid": "Enter a whole number.",
        },
    )


def _text(label: str, *, autocomplete: str, required: bool = False, **attrs: Any) -> Any:
    return forms.CharField(
        label=label,
        required=required,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": autocomplete, **attrs}),
    )


class DetailsForm(forms.Form):
    """Contact, delivery address (only when something is shipped) and billing address."""

    contact_name = _text("Your name", autocomplete="name")
    email = forms.CharField(
        label="E-mail",
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text="The order confirmation goes here.",
    )
    phone = _text("Phone (optional)", autocomplete="tel", inputmode="tel")
    shipping_name = _text("Recipient's name", autocomplete="shipping name")
    shipping_street = _text("Street and number", autocomplete="shipping street-address")
    shipping_postcode = _text("Postcode", autocomplete="shipping postal-code")
    shipping_city = _text("Town or city", autocomplete="shipping address-level2")
    shipping_country = _text("Country", autocomplete="shipping country-name")
    shipping_phone = _text(
        "Recipient's phone (optional, for the courier)",
        autocomplete="shipping tel",
        inputmode="tel",
    )
    billing_same_as_shipping = forms.BooleanField(
        required=False, label="The billing address is the delivery address"
    )
    billing_name = _text("Name on the bill", autocomplete="billing name")
    billing_street = _text("Street and number", autocomplete="billing street-address")
    billing_postcode = _text("Postcode", autocomplete="billing postal-code")
    billing_city = _text("Town or city", autocomplete="billing address-level2")
    billing_country = _text("Country", autocomplete="billing country-name")

    def __init__(self, *args: Any, needs_shipping: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.needs_shipping = needs_shipping
        if not needs_shipping:
            # Nothing to ship: the form does not even ask (QM-12).
            for name in (*SHIPPING_FIELDS, "billing_same_as_shipping"):
                del self.fields[name]
        self.details: OrderDetails | None = None

    def section(self, names: tuple[str, ...]) -> list[forms.BoundField]:
        return [self[name] for name in names if name in self.fields]

    @property
    def contact_fields(self) -> list[forms.BoundField]:
        return self.section(CONTACT_FIELDS)

    @property
    def shipping_fields(self) -> list[forms.BoundField]:
        return self.section(SHIPPING_FIELDS)

    @property
    def billing_fields(self) -> list[forms.BoundField]:
        return self.section(BILLING_FIELDS)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        try:
            self.details = details_clean(data, needs_shipping=self.needs_shipping)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                self.add_error(field if field in self.fields else None, messages)
        return data


def prefill(details: OrderDetails | None) -> dict[str, Any]:
    """Initial form values from details kept earlier (a guest's cart, an account)."""
    if details is None:
        return {"billing_same_as_shipping": True}
    return {**details.model_fields(), "billing_same_as_shipping": details.billing_same_as_shipping}


class ProductForm(forms.Form):
    """A product, as staff with the catalogue capability add or change it."""

    name = forms.CharField(max_length=120)
    category = forms.ModelChoiceField(queryset=Category.objects.none(), required=False)
    price = forms.DecimalField(max_digits=10, decimal_places=2, min_value=0)
    stock = forms.IntegerField(min_value=0)
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}))
    weight_grams = forms.IntegerField(min_value=0, initial=0, label="Weight (grams)")
    is_physical = forms.BooleanField(required=False, initial=True, label="Shipped (physical)")
    is_active = forms.BooleanField(required=False, initial=True, label="On sale")

    def __init__(self, *args: Any, categories: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories  # type: ignore[attr-defined]

    @classmethod
    def initial_of(cls, product: Product) -> dict[str, Any]:
        return {
            name: getattr(product, name)
            for name in (
                "name",
                "category",
                "price",
                "stock",
                "description",
                "weight_grams",
                "is_physical",
                "is_active",
            )
        }


class ProductImageForm(forms.Form):
    """A photo for a product. The file is only received here: what it really is, its size and
    its pixels are checked by `images.image_encode` (through the service)."""

    file = forms.FileField(
        label="Photo",
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        error_messages={
            "required": "Choose a photo to upload.",
            "empty": "This file is empty.",
            "invalid": "Choose a photo to upload.",
        },
    )
    alt_text = forms.CharField(
        label="What the photo shows (read out by screen readers)",
        required=False,
        max_length=ALT_TEXT_MAX,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        megabytes = settings.FRONTDESK_SHOP_IMAGE_MAX_BYTES / (1024 * 1024)
        self.fields["file"].help_text = (
            f"JPEG, PNG or WebP, up to {megabytes:g} MB. It is stored re-encoded, at most "
            f"{LONG_SIDE} pixels on the long side, without its metadata (such as where it was "
            "taken)."
        )
