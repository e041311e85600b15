"""Product photos, at /media/shop/<name>: the files `images.image_encode` wrote, found by their
row (a file no row names is never served). A photo of an active product is public and cached
for a year (its name never changes: a new photo gets a new name); one of an inactive product is
shown only to staff with the catalogue capability on it (outsiders 404, members without it 403),
and never cached. A photo cached while its product was on sale may stay in a browser's cache.

The bytes are our own WebP, sent as image/webp with nosniff, a CSP that allows nothing and as an
attachment: opened on its own it downloads, it is never rendered as a page (QM-4). An <img>
ignores the disposition and shows it.
"""

from __future__ import annotations

import logging

from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_safe

from frontdesk.access import capabilities as caps
from frontdesk.access.selectors import require
from frontdesk.shop import selectors
from frontdesk.shop.images import CONTENT_TYPE, NAME, product_image_storage

logger = logging.getLogger(__name__)

PUBLIC_CACHE = "public, max-age=31536000, immutable"
STAFF_CACHE = "private, no-store"


@require_safe
def product_image(request: HttpRequest, name: str) -> FileResponse:
    if not NAME.fullmatch(name):
        raise Http404
    image = selectors.image_to_serve(name)
    if image is None:
        raise Http404
    public = image.product.is_active
    if not public:
        require(user=request.user, resource=image, capability=caps.SHOP_CATALOGUE)
    try:
        handle = product_image_storage().open(name, "rb")
    except FileNotFoundError as error:
        logger.error("The file of product image %s is missing.", image.pk)
        raise Http404 from error
    response = FileResponse(handle, content_type=CONTENT_TYPE, as_attachment=True, filename=name)
    response["Cache-Control"] = PUBLIC_CACHE if public else STAFF_CACHE
    response["X-Content-Type-Options"] = "nosniff"
    # django-csp leaves a policy the response already has.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
