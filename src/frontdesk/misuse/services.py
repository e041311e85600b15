"""Writes of misuse detection (IN-9, IN-10, IN-12, IN-23): the incremental analysis that opens
cases, and staff's work on them — reading (audited), holding an account, lifting a hold,
closing a case.

Rules: each business that uses misuse detection is analysed on its own (its own events, its own
mark, its own cases: `business_scan`); a finding opens a case unless an open case of the same
kind already covers it (the analysis may see the same events twice: it is idempotent); with
FRONTDESK_MISUSE_AUTO_HOLD a case about an account also holds it at once. A hold refuses the
account's downloads (through licensing's hold checks) and is e-mailed to the owner with the way
to ask for reinstatement. Every change is audited in its transaction, with ids and counts only.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction

from frontdesk.access.models import Organisation
from frontdesk.audit.services import audit_record
from frontdesk.core import clock, tenancy
from frontdesk.identity.models import LoginAttempt, User
from frontdesk.licensing.models import Download
from frontdesk.misuse import analysis, emails
from frontdesk.misuse.analysis import Finding
from frontdesk.misuse.models import Case, ScanMark
from frontdesk.promotions.models import Registration

OPEN = Case.State.OPEN
MARK = "events"
# Events committed a little after the moment they carry are still read by the next pass.
OVERLAP = timedelta(minutes=2)
REASONS = {
    Case.Kind.CREDENTIAL_SHARING: "sign-ins and downloads from many different networks in a "
    "short time, which is what shared log-on details look like",
    Case.Kind.DOWNLOAD_PACE: "far more downloads in a short time than a licence needs",
    Case.Kind.PROMOTION_ABUSE: "many promotion registrations from one network",
}


def _already_open(finding: Finding) -> bool:
    cases = Case.objects.filter(
        organisation_id=finding.organisation_id, kind=finding.kind, state=OPEN
    )
    if finding.user_id is not None:
        return cases.filter(user_id=finding.user_id).exists()
    wanted = set(finding.evidence.get("registrations", []))
    return any(wanted <= set(case.evidence.get("registrations", [])) for case in cases)


@transaction.atomic
def case_open(*, finding: Finding) -> Case | None:
    """Open a case for `finding` (None when an open case already covers it); hold the account
    at once when FRONTDESK_MISUSE_AUTO_HOLD says so."""
    if _already_open(finding):
        return None
    case = Case.objects.create(
        organisation_id=finding.organisation_id,
        user_id=finding.user_id,
        kind=finding.kind,
        evidence=finding.evidence,
    )
    audit_record(
        actor=None,
        action="misuse.case.opened",
        target=case,
        details={"kind": case.kind, "user": case.user_id},
    )
    if case.kind == Case.Kind.CREDENTIAL_SHARING and case.user_id is not None:
        # the owner hears of the pattern whatever staff later decide (FD-14)
        emails.pattern_notice_send(
            user=User.objects.get(pk=case.user_id),
            networks=finding.evidence["networks"],
            hours=finding.evidence["window_hours"],
        )
    if settings.FRONTDESK_MISUSE_AUTO_HOLD and case.user_id is not None:
        hold_place(actor=None, case=case)
    return case


def misuse_scan(*, now: datetime | None = None) -> int:
    """One incremental pass over every business that uses misuse detection (its policy
    declares the processing; a business without the module is never analysed), each business
    on its own (`business_scan`); the cases opened in all."""
    now = now or clock.now()
    watched = [org for org in Organisation.objects.order_by("pk") if org.uses("misuse")]
    return sum(business_scan(organisation=organisation, now=now) for organisation in watched)


def business_scan(*, organisation: Organisation, now: datetime | None = None) -> int:
    """One incremental pass for one business: analyse each of its accounts with a sign-in or
    download there since its last pass, and each network with a registration for its offers
    since then; the cases opened (in that business).

    The pass runs bound to the business, so everything it reads or writes is that business's.
    Passes of one business run one at a time: its mark's row is locked for the pass (two
    workers, or a pass longer than the minute between passes), so one finding cannot open
    two cases; passes of two businesses do not wait on each other."""
    now = now or clock.now()
    business = organisation.pk
    with tenancy.bound(organisation.tenant), transaction.atomic():
        mark, _ = ScanMark.objects.select_for_update().get_or_create(
            organisation=organisation, name=MARK, defaults={"until": analysis.window_start(now)}
        )
        since = mark.until - OVERLAP
        opened = 0
        active = _accounts_active(business, since, now)
        for user_id in analysis.suspects(active, organisation_id=business, now=now):
            for finding in analysis.account_findings(user_id, organisation_id=business, now=now):
                opened += case_open(finding=finding) is not None
        networks = (
            analysis.of_business(Registration.objects.all(), business)
            .filter(created_at__gt=since, created_at__lte=now)
            .exclude(network_index__isnull=True)
            .values_list("network_index", flat=True)
            .distinct()
        )
        for finding in analysis.promotion_findings(
            set(networks), organisation_id=business, now=now
        ):
            opened += case_open(finding=finding) is not None
        mark.until = max(mark.until, now)
        mark.save(update_fields=["until"])
    return opened


def _accounts_active(business: int, since: datetime, now: datetime) -> list[int]:
    """The business's accounts with a successful sign-in or a download there in (since, now]
    (created_at indexes)."""
    signed_in = (
        analysis.of_business(LoginAttempt.objects.all(), business)
        .filter(
            created_at__gt=since,
            created_at__lte=now,
            outcome=LoginAttempt.Outcome.SUCCEEDED,
            user__isnull=False,
        )
        .values_list("user_id", flat=True)
    )
    downloaded = (
        analysis.of_business(Download.objects.all(), business)
        .filter(created_at__gt=since, created_at__lte=now)
        .values_list("user_id", flat=True)
    )
    return sorted({int(pk) for pk in signed_in.distinct()} | set(downloaded.distinct()))


@transaction.atomic
def hold_place(*, actor: Any, case: Case) -> Case:
    """Hold the case's account: its downloads are refused until the hold is lifted or a
    reinstatement request is completed; the owner is told by e-mail. Holding a held case, or
    a case about no account (`ValueError`), changes nothing."""
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if locked.user_id is None:
        raise ValueError("This case is about a network, not an account: nothing to hold.")
    if locked.holding:
        return locked
    locked.held_at, locked.hold_lifted_at = clock.now(), None
    locked.save(update_fields=["held_at", "hold_lifted_at"])
    audit_record(
        actor=actor,
        action="misuse.hold.placed",
        target=locked,
        details={"user": locked.user_id, "automatic": actor is None},
    )
    user = User.objects.get(pk=locked.user_id)
    emails.hold_placed_send(user=user, reason=REASONS[Case.Kind(locked.kind)])
    return locked


@transaction.atomic
def hold_lift(*, actor: User, case: Case) -> Case:
    """Lift the case's hold (the owner is told). A case not holding changes nothing."""
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if not locked.holding or locked.user_id is None:
        return locked
    locked.hold_lifted_at = clock.now()
    locked.save(update_fields=["hold_lifted_at"])
    audit_record(
        actor=actor, action="misuse.hold.lifted", target=locked, details={"user": locked.user_id}
    )
    emails.hold_lifted_send(user=User.objects.get(pk=locked.user_id))
    return locked


@transaction.atomic
def case_close(*, actor: User, case: Case, note: str) -> Case:
    """Close the case with staff's note (sealed). Its hold, if any, stays until lifted."""
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if locked.state == Case.State.CLOSED:
        return locked
    locked.state, locked.closed_at = Case.State.CLOSED, clock.now()
    locked.notes = "\n\n".join(part for part in (locked.notes, note.strip()) if part)
    locked.save(update_fields=["state", "closed_at", "notes"])
    audit_record(actor=actor, action="misuse.case.closed", target=locked)
    return locked


@transaction.atomic
def case_view(*, actor: User, case: Case) -> None:
    audit_record(actor=actor, action="misuse.case.viewed", target=case)


@transaction.atomic
def cases_list(*, actor: User, organisation_ids: list[int], cases: list[Case]) -> None:
    audit_record(
        actor=actor,
        action="misuse.cases.listed",
        organisation_id=organisation_ids[0] if len(organisation_ids) == 1 else None,
        details={"cases": [case.pk for case in cases]},
    )
