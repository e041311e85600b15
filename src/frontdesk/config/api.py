"""The JSON API (django-ninja): OpenAPI at /api/openapi.json, docs at /api/docs."""

from ninja import NinjaAPI

import frontdesk

api = NinjaAPI(
    title="Frontdesk API",
    version=frontdesk.__version__,
    description="Staff and customer operations of Frontdesk. Session auth needs a CSRF token; "
    "integrations use scoped API tokens (Authorization: Bearer ...).",
    urls_namespace="api",
)
