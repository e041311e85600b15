"""The catalogue for staff with `shop.catalogue` on a vendor: its products, added and changed
through the services (validated and audited there)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from frontdesk.access import capabilities as caps
from frontdesk.access.selectors import get_for_user
from frontdesk.shop import selectors, services
from frontdesk.shop.forms import ProductForm
from frontdesk.shop.models import Product, Vendor
from frontdesk.shop.views.staff import staff_page


def _values(form: ProductForm) -> dict[str, Any]:
    return {name: form.cleaned_data[name] for name in ProductForm.base_fields}


def _save(form: ProductForm, save: Any) -> Product | None:
    """Run the service; its field errors go back onto the form (nothing saved)."""
    if not form.is_valid():
        return None
    try:
        product: Product = save(**_values(form))
    except ValidationError as error:
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return None
    return product


@staff_page
@require_http_methods(["GET", "POST"])
def vendor_products(request: HttpRequest, vendor_id: int) -> HttpResponse:
    vendor = get_for_user(
        Vendor.objects.select_related("shop"),
        user=request.user,
        capability=caps.SHOP_CATALOGUE,
        pk=vendor_id,
    )
    categories = selectors.categories_of(vendor.shop)
    form = ProductForm(request.POST or None, categories=categories)
    if request.method == "POST":

        def create(**values: Any) -> Product:
            return services.product_create(actor=request.user, vendor=vendor, **values)

        product = _save(form, create)
        if product is not None:
            messages.success(request, f"{product.name} is in the catalogue.")
            return redirect("shop:staff_products", vendor_id=vendor.pk)
    products = Product.objects.filter(vendor=vendor).select_related("category").order_by("name")
    context = {"vendor": vendor, "products": products, "form": form}
    return render(
        request,
        "shop/staff/products.html",
        context,
        status=400 if form.is_bound else 200,
    )


@staff_page
@require_http_methods(["GET", "POST"])
def product_edit(request: HttpRequest, product_id: int) -> HttpResponse:
    product = get_for_user(
        Product.objects.select_related("vendor__shop", "shop"),
        user=request.user,
        capability=caps.SHOP_CATALOGUE,
        pk=product_id,
    )
    categories = selectors.categories_of(product.shop)
    initial = ProductForm.initial_of(product)
    form = ProductForm(request.POST or None, initial=initial, categories=categories)
    if request.method == "POST":

        def update(**values: Any) -> Product:
            return services.product_update(actor=request.user, product=product, **values)

        if _save(form, update) is not None:
            messages.success(request, "Saved.")
            return redirect("shop:staff_products", vendor_id=product.vendor_id)
    context = {"product": product, "form": form}
    return render(request, "shop/staff/product.html", context, status=400 if form.is_bound else 200)
