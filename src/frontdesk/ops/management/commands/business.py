"""`frontdesk business add | list | host-add | set`: the businesses this installation runs.

Each business is a tenant and its own data controller: its host names, brand, contacts,
processors and the modules it uses (which decide what its privacy policy lists).

    frontdesk business add julie-floral --name "Julie Floral" --host shop.juliefloral.example \\
        --module shop --sender hello@juliefloral.example \\
        --privacy-contact privacy@juliefloral.example --security-contact security@… \\
        --processor cards="Stripe Payments Europe" --processor shipping="DPD"
"""

from __future__ import annotations

import re
from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from frontdesk.access import hosts
from frontdesk.access import services as access
from frontdesk.access.models import MODULES, PROCESSOR_ROLES, Organisation
from frontdesk.core.declarations import personal_data

_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


class Command(BaseCommand):
    help = "Add, list and change the businesses (tenants) of this installation."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        add = commands.add_parser("add", help="a new business")
        add.add_argument("slug")
        add.add_argument("--name", required=True)
        add.add_argument("--host", action="append", default=[], help="repeat; first is primary")
        _details(add)
        commands.add_parser("list", help="every business, its hosts and modules")
        host = commands.add_parser("host-add", help="another host name for a business")
        host.add_argument("slug")
        host.add_argument("hostname")
        host.add_argument("--primary", action="store_true")
        change = commands.add_parser("set", help="change a business's brand or contacts")
        change.add_argument("slug")
        change.add_argument("--name")
        _details(change)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"_{options['action'].replace('-', '_')}")(options)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        hosts.forget_hosts()

    def _add(self, options: dict[str, Any]) -> None:
        organisation = access.organisation_create(
            name=options["name"],
            slug=options["slug"],
            hosts=options["host"] or None,
            modules=options["module"] or [],
            **_detail_values(options),
        )
        self.stdout.write(f"Added {organisation.name}: {hosts.site_url(organisation)}/")

    def _list(self, options: dict[str, Any]) -> None:
        for organisation in Organisation.objects.order_by("slug").prefetch_related("hosts"):
            names = ", ".join(host.hostname for host in organisation.hosts.all())
            modules = ", ".join(organisation.modules or []) or "-"
            self.stdout.write(f"{organisation.slug}\t{organisation.name}\t{names}\t{modules}")

    def _host_add(self, options: dict[str, Any]) -> None:
        organisation = _business(options["slug"])
        access.host_add(
            organisation=organisation, hostname=options["hostname"], primary=options["primary"]
        )
        self.stdout.write(f"{organisation.name} also answers on {options['hostname']}.")

    @transaction.atomic
    def _set(self, options: dict[str, Any]) -> None:
        organisation = _business(options["slug"])
        values = _detail_values(options)
        if options["name"]:
            values["name"] = options["name"]
        if options["module"]:
            values["modules"] = options["module"]
        for field, value in values.items():
            setattr(organisation, field, value)
        organisation.full_clean()
        organisation.save()
        self.stdout.write(f"Updated {organisation.name}.")


def _details(parser: ArgumentParser) -> None:
    parser.add_argument("--module", action="append", default=[], choices=MODULES)
    parser.add_argument("--sender", help="the From address of its e-mails")
    parser.add_argument("--privacy-contact")
    parser.add_argument("--security-contact")
    parser.add_argument("--colour", help="accent colour, #rrggbb")
    parser.add_argument(
        "--processor",
        action="append",
        default=[],
        metavar="ROLE=COMPANY",
        help=f"repeat; roles: {', '.join(PROCESSOR_ROLES)}",
    )
    parser.add_argument(
        "--retention",
        action="append",
        default=[],
        metavar="SETTING=DAYS",
        help="repeat; the business's own period for a retention setting "
        "(e.g. FRONTDESK_RETENTION_ORDER_DAYS=2555)",
    )


def _detail_values(options: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for option, field in (
        ("sender", "email_sender"),
        ("privacy_contact", "privacy_contact"),
        ("security_contact", "security_contact"),
    ):
        if options.get(option):
            values[field] = options[option]
    if options.get("colour"):
        if not _COLOUR.match(options["colour"]):
            raise CommandError("--colour takes #rrggbb.")
        values["accent_colour"] = options["colour"]
    if options.get("processor"):
        values["processors"] = _processors(options["processor"])
    if options.get("retention"):
        values["retention"] = _retention(options["retention"])
    return values


def _retention(pairs: list[str]) -> dict[str, int]:
    known = {item.retention.setting for item in personal_data() if item.retention.setting}
    periods = {}
    for pair in pairs:
        setting, _, days = pair.partition("=")
        if setting not in known or not days.isascii() or not days.isdigit():
            raise CommandError(
                f"--retention takes SETTING=DAYS, SETTING one of {', '.join(sorted(known))}."
            )
        periods[setting] = int(days)
    return periods


def _processors(pairs: list[str]) -> dict[str, str]:
    processors = {}
    for pair in pairs:
        role, _, company = pair.partition("=")
        if role not in PROCESSOR_ROLES or not company.strip():
            raise CommandError(
                f"--processor takes ROLE=COMPANY, ROLE one of {', '.join(PROCESSOR_ROLES)}."
            )
        processors[role] = company.strip()
    return processors


def _business(slug: str) -> Organisation:
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        raise CommandError(f"No business {slug!r}: see `frontdesk business list`.")
    return organisation
