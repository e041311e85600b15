"""JSON API of the identity app (mounted by frontdesk.config.api)."""

from ninja import Router

router = Router(tags=["identity"])
