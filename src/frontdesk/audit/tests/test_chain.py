from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from frontdesk.audit import guard
from frontdesk.audit.models import AppendOnlyError, AuditEvent
from frontdesk.audit.selectors import audit_chain_verify
from frontdesk.audit.services import UnknownActionError, audit_record


def _record(n: int) -> list[AuditEvent]:
    events = []
    for i in range(n):
        with transaction.atomic():
            events.append(
                audit_record(actor=None, action="queues.queue.activated", details={"i": i})
            )
    return events


@pytest.mark.promise("FD-3", "QL-18")
@pytest.mark.django_db
def test_events_chain_and_verify_intact(capsys):
    # given
    _record(3)
    # when
    call_command("audit", "verify")
    # then
    assert "3 events verified" in capsys.readouterr().out


@pytest.mark.promise("FD-3")
@pytest.mark.django_db
def test_application_cannot_change_or_remove_events():
    # given
    event = _record(1)[0]
    # then
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()


@pytest.mark.promise("FD-3")
@pytest.mark.django_db(transaction=True)
def test_database_trigger_refuses_raw_update_and_delete():
    # given
    event = _record(1)[0]
    # then
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET action = 'x' WHERE id = %s", [event.pk])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])


def _drop_guard() -> None:
    """What an attacker with database rights does first: switch the append-only guard off."""
    guard.uninstall(connection)


def _restore_guard() -> None:
    guard.install(connection)
    assert guard.installed(connection)


@pytest.mark.promise("FD-3", "QL-18")
@pytest.mark.django_db
def test_verify_names_the_altered_event():
    # given
    events = _record(4)
    _drop_guard()
    # when: an attacker rewrites what the second event says
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditevent SET details = %s WHERE id = %s", ['{"i": 99}', events[1].pk]
        )
    _restore_guard()
    # then
    checked, problem = audit_chain_verify()
    assert problem is not None
    assert problem.seq == events[1].seq
    assert "altered" in problem.reason
    assert checked == 1
    with pytest.raises(CommandError, match=f"#{events[1].seq}"):
        call_command("audit", "verify")


@pytest.mark.promise("FD-3")
@pytest.mark.django_db
def test_verify_names_the_event_after_a_removed_one():
    # given
    events = _record(4)
    _drop_guard()
    # when
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [events[2].pk])
    _restore_guard()
    # then
    _, problem = audit_chain_verify()
    assert problem is not None
    assert problem.seq == events[3].seq
    assert "removed" in problem.reason


@pytest.mark.django_db(transaction=True)
def test_unknown_actions_and_writes_outside_a_transaction_are_refused():
    with pytest.raises(UnknownActionError), transaction.atomic():
        audit_record(actor=None, action="no.such.action")
    with pytest.raises(RuntimeError, match="inside the transaction"):
        audit_record(actor=None, action="queues.queue.activated")
