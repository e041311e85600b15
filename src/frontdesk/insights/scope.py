"""The access helper of insights: which part of a shop a member of staff may see.

A grant on the organisation covers the whole shop; a grant on a vendor covers that vendor's
sales only (QM-17 within the marketplace: one vendor never sees another's figures). Outsiders —
no grant on the organisation nor on any vendor of the shop — get 404, members without the
capability 403 (QL-15).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from frontdesk.access.selectors import capabilities_on
from frontdesk.shop.models import Shop, Vendor


@dataclass(frozen=True)
class ShopScope:
    """A shop and the vendors whose sales a member may see (`vendor_ids` None: all of them)."""

    shop: Shop
    vendor_ids: frozenset[int] | None = None

    @property
    def whole_shop(self) -> bool:
        return self.vendor_ids is None

    def covers(self, field: str = "vendor_id") -> Q:
        """A filter on `field` (a vendor id) for the rows this scope may see."""
        return Q() if self.vendor_ids is None else Q(**{f"{field}__in": sorted(self.vendor_ids)})

    def audit_details(self) -> dict[str, Any]:
        return {
            "shop_id": self.shop.pk,
            "vendor_ids": None if self.vendor_ids is None else sorted(self.vendor_ids),
        }


def shop_scope(*, user: Any, shop_id: int, capability: str, whole_shop: bool = False) -> ShopScope:
    """The part of shop `shop_id` the member may see with `capability`: 404 for outsiders, 403
    without the capability (or, when `whole_shop`, without it on the whole organisation)."""
    shop = Shop.objects.select_related("organisation").filter(pk=shop_id).first()
    if shop is None:
        raise Http404
    on_shop = capabilities_on(user=user, resource=shop)
    if on_shop is not None and capability in on_shop:
        return ShopScope(shop=shop)
    held = {
        vendor.pk: capabilities_on(user=user, resource=vendor)
        for vendor in Vendor.objects.filter(shop=shop).select_related("shop")
    }
    if on_shop is None and all(caps is None for caps in held.values()):
        raise Http404
    vendors = frozenset(pk for pk, caps in held.items() if caps and capability in caps)
    if not vendors or whole_shop:
        raise PermissionDenied
    return ShopScope(shop=shop, vendor_ids=vendors)
