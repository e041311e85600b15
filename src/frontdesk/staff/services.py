"""Staff-area changes that span services, reading the audit log (itself audited), the security
policy's versions and acknowledgements (QM-6) and the record of disclosures (QM-16).

The organisation row is locked (select_for_update) around grant and role changes so two
administrators cannot, between them, leave the organisation with nobody able to manage staff,
and around publishing, so each organisation's versions follow one another.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import transaction

from frontdesk.access import capabilities as caps
from frontdesk.access import services as access
from frontdesk.access.models import Grant, Organisation, Role
from frontdesk.access.scopes import ORGANISATION, Scope
from frontdesk.audit.selectors import ChainProblem, audit_chain_verify
from frontdesk.audit.services import audit_record
from frontdesk.identity import services as identity
from frontdesk.identity.models import User
from frontdesk.staff import emails
from frontdesk.staff.models import Disclosure, PolicyAcknowledgement, SecurityPolicyVersion
from frontdesk.staff.selectors.audit import (
    AuditFilters,
    AuditRow,
    audit_rows,
    latest_seq,
    organisation_events,
)
from frontdesk.staff.selectors.disclosures import disclosures_of
from frontdesk.staff.selectors.policy import affected_staff, policy_cache_forget

AUDIT_PAGE_SIZE = 50
DISCLOSURES_SHOWN = 200


class LastManagerError(ValueError):
    """The change would leave the organisation with nobody able to manage staff."""


def _lock(organisation: Organisation) -> None:
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()


def _managers_remain(
    organisation: Organisation, *, without: Grant | None = None, role: Role | None = None
) -> bool:
    """Whether an active user keeps STAFF_MANAGE on the whole organisation after the change:
    `without` removed, or `role` given its new capabilities."""
    grants = Grant.objects.filter(
        organisation=organisation,
        scope_kind=ORGANISATION,
        scope_id=organisation.pk,
        user__is_active=True,
    ).select_related("role")
    for grant in grants:
        capabilities = (
            role.capabilities if role and grant.role_id == role.pk else grant.role.capabilities
        )
        if grant != without and caps.STAFF_MANAGE in capabilities:
            return True
    return False


@transaction.atomic
def staff_onboard(
    *, actor: Any, organisation: Organisation, email: str, full_name: str, role: Role, scope: Scope
) -> tuple[Any, str]:
    """Create a staff account of the organisation (accounts are per business) together with
    its first grant, so it belongs there from the start; return it with its one-time
    temporary password."""
    if role.organisation_id != organisation.pk:
        raise ValueError("The role belongs to another organisation.")
    user, temporary_password = identity.staff_create(
        actor=actor, email=email, full_name=full_name, organisation_id=organisation.pk
    )
    access.grant_add(actor=actor, user=user, role=role, scope=scope)
    return user, temporary_password


@transaction.atomic
def grant_revoke(*, actor: Any, grant: Grant) -> None:
    """Remove a grant, unless it is the last one letting anybody manage the organisation's staff."""
    _lock(grant.organisation)
    if not _managers_remain(grant.organisation, without=grant):
        raise LastManagerError(
            "This is the last grant letting anyone manage staff here; "
            "grant that to someone else first."
        )
    access.grant_remove(actor=actor, grant=grant)


@transaction.atomic
def role_capabilities_change(*, actor: Any, role: Role, capabilities: list[str]) -> Role:
    """Change what a role allows, unless that would leave nobody able to manage staff."""
    _lock(role.organisation)
    changed = Role(pk=role.pk, capabilities=caps.validate(capabilities))
    if not _managers_remain(role.organisation, role=changed):
        raise LastManagerError(
            "Nobody else could manage staff without this capability on this role; keep it, or "
            "grant another role that has it first."
        )
    return access.role_set_capabilities(actor=actor, role=role, capabilities=capabilities)


@dataclass(frozen=True)
class AuditPage:
    page: Page[Any]
    rows: list[AuditRow]
    upto: int


@transaction.atomic
def audit_log_read(
    *,
    actor: Any,
    organisation: Organisation,
    filters: AuditFilters,
    page_number: str | int | None = 1,
    upto: int | None = None,
) -> AuditPage:
    """One page of the organisation's log, recording the read in the same transaction (FD-3).

    The listing is pinned to the events up to `upto` (the newest when first opened), so the
    reads recorded while paging do not shift the pages.
    """
    upto = upto if upto is not None else latest_seq(organisation)
    events = organisation_events(organisation, filters, upto=upto)
    page = Paginator(events, AUDIT_PAGE_SIZE).get_page(page_number)
    rows = audit_rows(list(page.object_list))
    audit_record(
        actor=actor,
        action="audit.log.viewed",
        target=organisation,
        organisation_id=organisation.pk,
        details={
            "filters": filters.query(),
            "page": page.number,
            "events": [rows[-1].seq, rows[0].seq] if rows else [],
        },
    )
    return AuditPage(page=page, rows=rows, upto=upto)


def audit_chain_check(*, actor: Any, organisation: Organisation) -> tuple[int, ChainProblem | None]:
    """Verify the organisation's hash chain (FD-3; one chain per business) and record that it
    was checked, with the outcome.

    The walk runs outside the recording transaction: it may be long, and holding the chain's
    write lock meanwhile would stall every other change of the business.
    """
    checked, problem = audit_chain_verify(organisation_id=organisation.pk)
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="audit.chain.verified",
            target=organisation,
            organisation_id=organisation.pk,
            details={"checked": checked, "problem_seq": problem.seq if problem else None},
        )
    return checked, problem


# --- the security policy (QM-6) ----------------------------------------------------------------


def _forget_now_and_on_commit(*, user_id: int | None = None) -> None:
    """Drop the gate's cached state now (this transaction reads it fresh) and again once the
    change is committed (a request that cached the old state meanwhile is corrected)."""
    policy_cache_forget(user_id=user_id)
    transaction.on_commit(partial(policy_cache_forget, user_id=user_id))


@transaction.atomic
def policy_publish(
    *, actor: Any, organisation: Organisation, version: str, text: str
) -> SecurityPolicyVersion:
    """Publish a new version: from now on everyone holding a customer-data capability in the
    organisation must acknowledge it before opening customer data, and each of them is told
    by e-mail once the version is committed."""
    _lock(organisation)
    published = SecurityPolicyVersion.objects.create(
        organisation=organisation, version=version, text=text, published_by=actor
    )
    recipients = list(affected_staff(organisation).values_list("pk", flat=True))
    audit_record(
        actor=actor,
        action="staff.policy.published",
        target=published,
        organisation_id=organisation.pk,
        details={"version": version, "notified": len(recipients)},
    )
    _forget_now_and_on_commit()
    transaction.on_commit(
        partial(emails.send_policy_published, version_id=published.pk, user_ids=recipients)
    )
    return published


@transaction.atomic
def policy_acknowledge(*, actor: User, version: SecurityPolicyVersion) -> PolicyAcknowledgement:
    """Record that `actor` has read and accepted `version`; acknowledging again changes
    nothing and records nothing."""
    acknowledgement, created = PolicyAcknowledgement.objects.get_or_create(
        user=actor, version=version
    )
    if created:
        audit_record(
            actor=actor,
            action="staff.policy.acknowledged",
            target=version,
            organisation_id=version.organisation_id,
            details={"version": version.version},
        )
    _forget_now_and_on_commit(user_id=actor.pk)
    return acknowledgement


# --- disclosures (QM-16) -----------------------------------------------------------------------


@transaction.atomic
def disclosure_record(
    *,
    actor: Any,
    organisation: Organisation,
    recipient: str,
    legal_basis: str,
    subject_user: User | None,
    description: str,
    disclosed_at: datetime,
) -> Disclosure:
    """Record a disclosure the law required. The audit event names the person by id only."""
    disclosure = Disclosure.objects.create(
        organisation=organisation,
        recipient=recipient,
        legal_basis=legal_basis,
        subject_user=subject_user,
        description=description,
        disclosed_at=disclosed_at,
        recorded_by=actor,
    )
    audit_record(
        actor=actor,
        action="staff.disclosure.recorded",
        target=disclosure,
        organisation_id=organisation.pk,
        details={"subject_user_id": subject_user.pk if subject_user else None},
    )
    return disclosure


@transaction.atomic
def disclosures_read(*, actor: Any, organisation: Organisation) -> list[Disclosure]:
    """The organisation's latest disclosures, recording which were read: they describe people
    (QL-18)."""
    disclosures = list(disclosures_of(organisation)[:DISCLOSURES_SHOWN])
    audit_record(
        actor=actor,
        action="staff.disclosures.viewed",
        target=organisation,
        organisation_id=organisation.pk,
        details={"disclosures": [item.pk for item in disclosures]},
    )
    return disclosures
