"""The catalogue for staff with `shop.catalogue` on a vendor: its products and their photos,
added, changed, removed and reordered through the services (validated and audited there)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from frontdesk.access import capabilities as caps
from frontdesk.access.selectors import get_for_user
from frontdesk.shop import selectors, services
from frontdesk.shop.forms import ProductForm, ProductImageForm
from frontdesk.shop.models import Product, ProductImage, Vendor
from frontdesk.web.decorators import staff_page


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
    product = _product(request, product_id)
    categories = selectors.categories_of(product.shop)
    initial = ProductForm.initial_of(product)
    form = ProductForm(request.POST or None, initial=initial, categories=categories)
    if request.method == "POST":

        def update(**values: Any) -> Product:
            return services.product_update(actor=request.user, product=product, **values)

        if _save(form, update) is not None:
            messages.success(request, "Saved.")
            return redirect("shop:staff_products", vendor_id=product.vendor_id)
    return _product_page(request, product, form=form, image_form=ProductImageForm())


def _product_page(
    request: HttpRequest, product: Product, *, form: ProductForm, image_form: ProductImageForm
) -> HttpResponse:
    """The product's page: its fields, and its photos with the upload form."""
    context = {
        "product": product,
        "form": form,
        "image_form": image_form,
        "images": selectors.product_images(product),
    }
    status = 400 if form.is_bound or image_form.is_bound else 200
    return render(request, "shop/staff/product.html", context, status=status)


def _product(request: HttpRequest, product_id: int) -> Product:
    return get_for_user(
        Product.objects.select_related("vendor__shop", "shop"),
        user=request.user,
        capability=caps.SHOP_CATALOGUE,
        pk=product_id,
    )


def _image(request: HttpRequest, image_id: int) -> ProductImage:
    return get_for_user(
        ProductImage.objects.select_related("product__vendor__shop"),
        user=request.user,
        capability=caps.SHOP_CATALOGUE,
        pk=image_id,
    )


@staff_page
@require_POST
def product_image_add(request: HttpRequest, product_id: int) -> HttpResponse:
    """Upload a photo: a refused file comes back as the form's error, nothing stored."""
    product = _product(request, product_id)
    image_form = ProductImageForm(request.POST, request.FILES)
    if image_form.is_valid():
        try:
            services.product_image_add(
                actor=request.user,
                product=product,
                upload=image_form.cleaned_data["file"],
                alt_text=image_form.cleaned_data["alt_text"],
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                image_form.add_error(field if field in image_form.fields else None, errors)
        else:
            messages.success(request, "The photo is added.")
            return redirect("shop:staff_product", product_id=product.pk)
    form = ProductForm(
        initial=ProductForm.initial_of(product), categories=selectors.categories_of(product.shop)
    )
    return _product_page(request, product, form=form, image_form=image_form)


@staff_page
@require_POST
def product_image_remove(request: HttpRequest, image_id: int) -> HttpResponse:
    image = _image(request, image_id)
    services.product_image_remove(actor=request.user, image=image)
    messages.success(request, "The photo is removed.")
    return redirect("shop:staff_product", product_id=image.product_id)


@staff_page
@require_POST
def product_image_make_first(request: HttpRequest, image_id: int) -> HttpResponse:
    image = _image(request, image_id)
    services.product_image_make_first(actor=request.user, image=image)
    messages.success(request, "This photo is now the catalogue picture.")
    return redirect("shop:staff_product", product_id=image.product_id)
