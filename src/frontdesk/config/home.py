"""The entry points of each module on a business's home page: one dispatcher above the apps
(import-linter sees every edge), so `web` lists them without importing a business app."""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import reverse

from frontdesk.access.models import Organisation
from frontdesk.queues.models import Queue
from frontdesk.shop.models import Shop

Link = tuple[str, str]


def _queues(organisation: Organisation) -> list[Link]:
    queues: QuerySet[Queue] = Queue.objects.filter(organisation=organisation).order_by(
        "location__name", "name"
    )
    return [
        (f"Join the queue: {queue.name} ({queue.location.name})", f"/q/{queue.public_token}/")
        for queue in queues.select_related("location")
    ]


def _shops(organisation: Organisation) -> list[Link]:
    shops = Shop.objects.filter(organisation=organisation).order_by("name")
    return [(f"Shop: {shop.name}", reverse("shop:home", args=[shop.slug])) for shop in shops]


def _software(organisation: Organisation) -> list[Link]:
    return [("Your software, licences and downloads", reverse("licensing:area"))]


def _support(organisation: Organisation) -> list[Link]:
    return [("Ask for help", "/support/")]


SECTIONS = {
    "queues": _queues,
    "shop": _shops,
    "licensing": _software,
    "support": _support,
}


def home_links(organisation: Organisation) -> list[Link]:
    """What a visitor of the business's home can open, by the modules it uses."""
    links: list[Link] = []
    for module in organisation.modules or []:
        section = SECTIONS.get(module)
        if section is not None:
            links += section(organisation)
    return links
