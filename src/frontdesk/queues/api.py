"""JSON API of the queues app (mounted by frontdesk.config.api)."""

from ninja import Router

router = Router(tags=["queues"])
