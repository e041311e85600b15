"""`frontdesk privacy sweep [--dry-run]`: the operator sees, per kind of personal data, how many
rows go (FD-10). `frontdesk privacy anonymised-copy` is proven in test_anonymised_copy.py."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command

from frontdesk.access.models import Organisation
from frontdesk.audit.models import AuditEvent
from frontdesk.messaging import services as messaging
from frontdesk.messaging.models import SmsMessage

NOW = datetime(2025, 6, 15, 12, 0, tzinfo=UTC)


def _privacy(*args: str) -> str:
    out = StringIO()
    call_command("privacy", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def old_and_new_sms(db):
    """One text message 31 days old, one 29 days old; the clock then stands at NOW."""
    for age, body in ((31, "Old message"), (29, "New message")):
        with time_machine.travel(NOW - timedelta(days=age), tick=False):
            messaging.sms_send(phone="+447700900777", body=body, organisation_id=None)
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.mark.promise("FD-10")
def test_a_dry_run_prints_the_plan_and_changes_nothing(old_and_new_sms):
    # when
    printed = _privacy("sweep", "--dry-run")
    # then
    assert "messaging.SmsMessage (to_phone), kept 30 days: 1 row to delete" in printed
    assert "queues.Ticket (name), kept 30 days: 0 rows to blank" in printed
    assert "identity.LoginAttempt (ip, user_agent), kept 90 days: 0 rows to delete" in printed
    assert "Dry run: 1 row would go; nothing was changed." in printed
    assert SmsMessage.objects.count() == 2
    assert not AuditEvent.objects.filter(action="privacy.retention.swept").exists()


@pytest.mark.promise("FD-10", "JF-7")
def test_the_sweep_prints_what_went(old_and_new_sms):
    # when
    printed = _privacy("sweep")
    # then
    assert "messaging.SmsMessage (to_phone), kept 30 days: 1 row deleted" in printed
    assert "Retention sweep done: 1 row." in printed
    assert list(SmsMessage.objects.values_list("body", flat=True)) == ["New message"]
    # one event per business's chain and one in the platform's
    assert AuditEvent.objects.filter(action="privacy.retention.swept").count() == (
        Organisation.objects.count() + 1
    )


def test_the_command_names_its_tools_when_none_is_given(db):
    # when / then
    with pytest.raises(CommandError, match="sweep,anonymised-copy"):
        call_command("privacy")
