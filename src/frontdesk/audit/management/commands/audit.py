"""`frontdesk audit verify [--business SLUG]`: walk each business's hash chain (or the named
one) and name, per business, the first event that no longer fits."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError

from frontdesk.audit.selectors import ChainReport, audit_chains, audit_chains_verify


def _businesses() -> dict[int, str]:
    """Every business's id and how the report names it. The audit log sits below `access`
    (which records into it), so the businesses are looked up by label, not imported."""
    organisations = apps.get_model("access", "Organisation").objects.order_by("pk")
    return {
        pk: f"{slug} ({name})" for pk, slug, name in organisations.values_list("pk", "slug", "name")
    }


def _business_named(slug: str) -> int:
    organisation = apps.get_model("access", "Organisation").objects.filter(slug=slug).first()
    if organisation is None:
        raise CommandError(f"No business has the slug {slug!r}.")
    return int(organisation.pk)


def _label(organisation_id: int | None, names: dict[int, str]) -> str:
    if organisation_id is None:
        return "the platform"
    return names.get(organisation_id, f"business #{organisation_id} (no longer registered)")


def _line(report: ChainReport, names: dict[int, str]) -> str:
    label = _label(report.organisation_id, names)
    if report.problem is None:
        return f"{label}: chain intact, {report.checked} events verified."
    problem = report.problem
    return (
        f"{label}: chain broken at event #{problem.seq} (id {problem.event_id}): "
        f"{problem.reason}. {report.checked} events before it are intact."
    )


class Command(BaseCommand):
    help = (
        "Audit log tools. `verify` checks each business's hash chain (and the platform's) from "
        "its first event to its last; `--business SLUG` checks that business's alone."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("action", choices=["verify"])
        parser.add_argument("--business", metavar="SLUG", help="verify this business's chain")

    def handle(self, *args: Any, **options: Any) -> None:
        names = _businesses()
        if options["business"]:
            chains: list[int | None] = [_business_named(options["business"])]
        else:
            # every business, also one without events yet, and any chain left by a removed one
            chains = [None, *names, *audit_chains()]
        reports = audit_chains_verify(organisation_ids=chains)
        for report in reports:
            if report.intact:
                self.stdout.write(self.style.SUCCESS(_line(report, names)))
        broken = [_line(report, names) for report in reports if not report.intact]
        if broken:
            raise CommandError("Audit chain broken. " + " ".join(broken))
        total = sum(report.checked for report in reports)
        self.stdout.write(f"Audit chain intact: {total} events verified in {len(reports)} chains.")
