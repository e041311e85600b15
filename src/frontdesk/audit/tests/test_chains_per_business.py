"""Each business has its own audit chain: it numbers and links its own events, verifies on its
own, and is all its auditors read (FD-3, FD-16)."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import business, make_user
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from frontdesk.audit import guard
from frontdesk.audit.chain import GENESIS
from frontdesk.audit.models import AppendOnlyError, AuditEvent
from frontdesk.audit.selectors import audit_chain_verify, audit_chains_verify, audit_events
from frontdesk.audit.services import audit_record
from frontdesk.core import tenancy

ACTION = "queues.queue.activated"


def _record(organisation_id: int | None, n: int) -> list[AuditEvent]:
    events = []
    for i in range(n):
        with transaction.atomic():
            events.append(
                audit_record(
                    actor=None, action=ACTION, organisation_id=organisation_id, details={"i": i}
                )
            )
    return events


@pytest.fixture
def julie() -> Any:
    return business("Julie Floral", "julie")


def _chain(organisation_id: int | None) -> list[tuple[int, str, str]]:
    return list(
        AuditEvent.objects.for_business(organisation_id)
        .order_by("seq")
        .values_list("seq", "prev_hash", "hash")
    )


def _tamper(event: AuditEvent) -> None:
    """What an attacker with database rights does: lift the guard, rewrite, put it back."""
    guard.uninstall(connection)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditevent SET details = %s WHERE id = %s", ['{"i": 99}', event.pk]
        )
    guard.install(connection)


@pytest.mark.promise("FD-3", "FD-16")
@pytest.mark.django_db
def test_each_business_numbers_and_links_its_own_chain(organisation, julie):
    # given / when: events of two businesses and of the platform, interleaved
    _record(organisation.pk, 2)
    _record(julie.pk, 1)
    _record(None, 1)
    _record(julie.pk, 2)
    _record(organisation.pk, 1)
    # then: each chain counts from 1 and starts from the genesis hash
    for chain, length in ((organisation.pk, 3), (julie.pk, 3), (None, 1)):
        events = _chain(chain)
        assert [seq for seq, _, _ in events] == list(range(1, length + 1))
        assert events[0][1] == GENESIS
        assert [prev for _, prev, _ in events[1:]] == [digest for _, _, digest in events[:-1]]
    reports = {report.organisation_id: report for report in audit_chains_verify()}
    assert {key: (r.checked, r.intact) for key, r in reports.items()} == {
        None: (1, True),
        organisation.pk: (3, True),
        julie.pk: (3, True),
    }


@pytest.mark.promise("FD-16", "QL-10")
@pytest.mark.django_db
def test_an_event_joins_the_named_then_the_targets_then_the_bound_business(organisation, julie):
    """A staff read recorded inside a business's request with no target still lands in that
    business's chain, where its auditors see it."""
    # given
    julie_customer = make_user("casey@julie.test", organisation=julie)
    with tenancy.bound_to(organisation.pk, organisation.slug), transaction.atomic():
        # when
        bound = audit_record(actor=None, action="audit.log.viewed")
        of_target = audit_record(actor=None, action="identity.logout", target=julie_customer)
        named = audit_record(actor=None, action=ACTION, organisation_id=julie.pk)
    with tenancy.bound(tenancy.PLATFORM), transaction.atomic():
        on_platform = audit_record(actor=None, action=ACTION)
    # then
    assert bound.organisation_id == organisation.pk
    assert of_target.organisation_id == julie.pk
    assert named.organisation_id == julie.pk
    assert on_platform.organisation_id is None


@pytest.mark.promise("FD-3", "FD-16", "QL-18")
@pytest.mark.django_db
def test_tampering_with_one_business_names_only_its_chain(organisation, julie, capsys):
    # given
    _record(organisation.pk, 2)
    julie_events = _record(julie.pk, 3)
    # when
    _tamper(julie_events[1])
    # then: Julie's chain is broken at its second event, Acme's verifies on its own
    reports = {report.organisation_id: report for report in audit_chains_verify()}
    assert reports[organisation.pk].intact
    assert reports[organisation.pk].checked == 2
    problem = reports[julie.pk].problem
    assert problem is not None
    assert (problem.seq, problem.event_id, problem.organisation_id) == (
        2,
        julie_events[1].pk,
        julie.pk,
    )
    assert "altered" in problem.reason
    with pytest.raises(CommandError) as broken:
        call_command("audit", "verify")
    assert "julie (Julie Floral): chain broken at event #2" in str(broken.value)
    assert "acme" not in str(broken.value)
    assert "acme (Acme Services): chain intact, 2 events verified." in capsys.readouterr().out


@pytest.mark.promise("FD-3")
@pytest.mark.django_db
def test_a_removed_event_breaks_only_its_own_chain(organisation, julie):
    # given
    _record(organisation.pk, 2)
    julie_events = _record(julie.pk, 3)
    # when
    guard.uninstall(connection)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [julie_events[0].pk])
    guard.install(connection)
    # then
    assert audit_chain_verify(organisation_id=organisation.pk) == (2, None)
    checked, problem = audit_chain_verify(organisation_id=julie.pk)
    assert checked == 0
    assert problem is not None
    assert (problem.seq, problem.organisation_id) == (2, julie.pk)
    assert "removed" in problem.reason


@pytest.mark.promise("FD-3", "FD-16")
@pytest.mark.django_db
def test_verify_checks_only_the_business_named(organisation, julie, capsys):
    # given
    _record(organisation.pk, 2)
    _record(None, 1)
    _tamper(_record(julie.pk, 2)[0])
    # when
    call_command("audit", "verify", "--business", "acme")
    # then
    out = capsys.readouterr().out
    assert "acme (Acme Services): chain intact, 2 events verified." in out
    assert "julie" not in out
    assert "platform" not in out
    with pytest.raises(CommandError, match=r"julie \(Julie Floral\): chain broken at event #1"):
        call_command("audit", "verify", "--business", "julie")
    with pytest.raises(CommandError, match="No business has the slug 'nobody'"):
        call_command("audit", "verify", "--business", "nobody")


@pytest.mark.promise("FD-3")
@pytest.mark.django_db
def test_verify_reports_every_business_and_the_platform(organisation, julie, capsys):
    # given: Julie has no events yet
    _record(organisation.pk, 1)
    _record(None, 2)
    # when
    call_command("audit", "verify")
    # then
    out = capsys.readouterr().out
    assert "the platform: chain intact, 2 events verified." in out
    assert "acme (Acme Services): chain intact, 1 events verified." in out
    assert "julie (Julie Floral): chain intact, 0 events verified." in out
    assert "Audit chain intact: 3 events verified in 3 chains." in out


@pytest.mark.promise("FD-16")
@pytest.mark.django_db
def test_an_auditor_of_one_business_reads_only_its_log(organisation, julie):
    # given
    acme_events = _record(organisation.pk, 2)
    julie_events = _record(julie.pk, 1)
    platform_events = _record(None, 1)
    # when
    with tenancy.bound_to(julie.pk, julie.slug):
        julie_log = list(audit_events())
        julie_everything = list(AuditEvent.objects.all())
        checked, problem = audit_chain_verify()
        acme_from_julie = audit_chain_verify(organisation_id=organisation.pk)
    with tenancy.bound(tenancy.PLATFORM):
        platform_log = list(audit_events())
    # then
    assert julie_log == julie_everything == julie_events
    assert (checked, problem) == (1, None)
    assert acme_from_julie == (0, None)  # Acme's chain is not Julie's to read
    assert platform_log == platform_events
    assert set(AuditEvent.objects.unscoped()) == {*acme_events, *julie_events, *platform_events}


@pytest.mark.promise("FD-3")
@pytest.mark.django_db
def test_the_scoped_manager_stays_append_only(organisation):
    # given
    _record(organisation.pk, 1)
    # then
    with tenancy.bound_to(organisation.pk, organisation.slug):
        with pytest.raises(AppendOnlyError):
            AuditEvent.objects.update(action="x")
        with pytest.raises(AppendOnlyError):
            AuditEvent.objects.all().delete()
        with pytest.raises(AppendOnlyError):
            AuditEvent.objects.unscoped().update(action="x")
        with pytest.raises(AppendOnlyError):
            AuditEvent.objects.for_business(organisation.pk).delete()
