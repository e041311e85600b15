"""`frontdesk licensing …`: the operator's tools for what the customer area sells.

frontdesk licensing add-product ORG CODE NAME [--update-days N] [--downloads N]
frontdesk licensing add-partner ORG CODE NAME [--privacy-url URL]   prints the secret once
frontdesk licensing add-file PRODUCT VERSION PATH [--name NAME] [--organisation ORG]
                                                  [--released-at WHEN] [--notes TEXT]

`add-file` copies PATH into FRONTDESK_DOWNLOADS_ROOT, records its size and SHA-256 (QL-9), and
creates the release VERSION of PRODUCT (a product code) when it does not exist yet.
"""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from frontdesk.access.models import Organisation
from frontdesk.licensing import services
from frontdesk.licensing.models import Product, Release


def _organisation(slug: str) -> Organisation:
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        raise CommandError(f"No organisation {slug!r}.")
    return organisation


def _product(code: str, organisation: str) -> Product:
    products = Product.objects.filter(code=code)
    if organisation:
        products = products.filter(organisation__slug=organisation)
    found = list(products[:2])
    if len(found) != 1:
        raise CommandError(
            f"No product {code!r}."
            if not found
            else f"Several products are {code!r}: name the organisation with --organisation."
        )
    return found[0]


class Command(BaseCommand):
    help = "Set up the customer area: products, partners, release files."

    def add_arguments(self, parser: ArgumentParser) -> None:
        tools = parser.add_subparsers(dest="tool", required=True)
        product = tools.add_parser("add-product", help="Add a product an organisation sells.")
        product.add_argument("organisation", help="the organisation's slug")
        product.add_argument("code", help="the product code partners use")
        product.add_argument("name")
        product.add_argument("--update-days", type=int, default=365)
        product.add_argument("--downloads", type=int, default=5, help="per release")
        partner = tools.add_parser("add-partner", help="Add an e-commerce partner.")
        partner.add_argument("organisation", help="the organisation's slug")
        partner.add_argument("code", help="the partner's code in its webhook's address")
        partner.add_argument("name")
        partner.add_argument("--privacy-url", default="")
        file = tools.add_parser("add-file", help="Add a file to a release (made if need be).")
        file.add_argument("product", help="the product code")
        file.add_argument("version")
        file.add_argument("path", type=Path)
        file.add_argument("--name", default="", help="the file name customers see")
        file.add_argument("--organisation", default="", help="when product codes repeat")
        file.add_argument("--released-at", default="", help="ISO 8601, for a new release")
        file.add_argument("--notes", default="", help="release notes, for a new release")

    def handle(self, *args: Any, **options: Any) -> None:
        tool = options["tool"]
        try:
            if tool == "add-product":
                self._add_product(options)
            elif tool == "add-partner":
                self._add_partner(options)
            else:
                self._add_file(options)
        except (IntegrityError, FileExistsError) as error:
            raise CommandError(f"Refused: {error}") from error

    def _add_product(self, options: dict[str, Any]) -> None:
        product = services.product_create(
            actor=None,
            organisation=_organisation(options["organisation"]),
            code=options["code"],
            name=options["name"],
            update_period_days=options["update_days"],
            downloads_per_release=options["downloads"],
        )
        self.stdout.write(self.style.SUCCESS(f"Product {product.code} added: {product.name}."))

    def _add_partner(self, options: dict[str, Any]) -> None:
        partner, secret = services.partner_create(
            actor=None,
            organisation=_organisation(options["organisation"]),
            code=options["code"],
            name=options["name"],
            privacy_url=options["privacy_url"],
        )
        self.stdout.write(self.style.SUCCESS(f"Partner {partner.code} added: {partner.name}."))
        self.stdout.write(f"Webhook: POST /licensing/partners/{partner.code}/purchases")
        self.stdout.write(f"Signing secret (shown once, hand it to the partner): {secret}")

    def _add_file(self, options: dict[str, Any]) -> None:
        source: Path = options["path"]
        if not source.is_file():
            raise CommandError(f"No file at {source}.")
        when = parse_datetime(options["released_at"]) if options["released_at"] else None
        if options["released_at"] and when is None:
            raise CommandError("--released-at must be an ISO 8601 date and time.")
        if when is not None and timezone.is_naive(when):
            when = timezone.make_aware(when)
        product = _product(options["product"], options["organisation"])
        with transaction.atomic():
            release = Release.objects.filter(product=product, version=options["version"]).first()
            if release is None:
                release = services.release_create(
                    actor=None,
                    product=product,
                    version=options["version"],
                    released_at=when,
                    notes=options["notes"],
                )
            added = services.release_file_add(
                actor=None, release=release, source=source, name=options["name"]
            )
        self.stdout.write(
            self.style.SUCCESS(f"Added {added.name} to {release}: {added.size} bytes.")
        )
        self.stdout.write(f"SHA-256: {added.sha256}")
