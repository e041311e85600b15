"""The JSON API (django-ninja): OpenAPI at /api/openapi.json, docs at /api/docs."""

from ninja import NinjaAPI

import frontdesk
from frontdesk.identity.api import router as identity_router
from frontdesk.insights.api import router as insights_router
from frontdesk.queues.api import router as queues_router
from frontdesk.shop.api import router as shop_router
from frontdesk.support.api import router as support_router

api = NinjaAPI(
    title="Frontdesk API",
    version=frontdesk.__version__,
    description="Staff and customer operations of Frontdesk. Session auth needs a CSRF token; "
    "integrations use scoped API tokens (Authorization: Bearer ...).",
    urls_namespace="api",
)
api.add_router("/account/", identity_router)
api.add_router("/queues/", queues_router)
api.add_router("/shop/", shop_router)
api.add_router("/insights/", insights_router)
api.add_router("/support/", support_router)
