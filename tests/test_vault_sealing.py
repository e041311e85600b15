"""FD-2, JF-7: personal data is sealed with a key per person; erasure destroys the key, so even
a copy of the database taken before the erasure cannot be read afterwards."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from conftest import PASSWORD, make_user
from django.core.management import call_command
from django.db import connection, connections
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from frontdesk.access.models import Location
from frontdesk.core import clock
from frontdesk.identity.models import User
from frontdesk.messaging import services as messaging
from frontdesk.messaging.models import SmsOptOut
from frontdesk.privacy.erasure import account_erase
from frontdesk.privacy.retention import retention_sweep
from frontdesk.queues import services as queues
from frontdesk.queues.models import Queue, Ticket
from frontdesk.queues.tests.factories import make_queue
from frontdesk.vault import keyring, masters
from frontdesk.vault.models import DataKey
from frontdesk.vault.router import VAULT_DB

SEALED_TABLES = {
    "identity_user": ["email", "full_name", "vault_key"],
    "queues_ticket": ["name", "phone", "vault_key"],
}


def _snapshot(table: str, pk: int) -> dict[str, Any]:
    """What a backup holds of one row: its stored column values, read with raw SQL."""
    columns = SEALED_TABLES[table]
    quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {quoted} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return dict(zip(columns, cursor.fetchone(), strict=True))


def _restore(table: str, pk: int, row: dict[str, Any]) -> None:
    """Put a row back as the backup holds it (what restoring that backup does)."""
    assignments = ", ".join(f"{connection.ops.quote_name(column)} = %s" for column in row)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {assignments} WHERE id = %s",  # noqa: S608
            [*(str(value) if value is not None else None for value in row.values()), pk],
        )


@pytest.fixture
def queue(location: Location) -> Queue:
    return make_queue(location, "Passports", expected_service_minutes=5)


@pytest.fixture
def person(queue):
    user = make_user("casey@example.test", full_name="Casey Customer")
    ticket = queues.ticket_join(
        queue=queue, name="Casey Customer", phone="+447700900123", sms_opt_in=True, user=user
    )
    return user, ticket


@pytest.mark.promise("FD-2")
@pytest.mark.django_db
def test_the_database_holds_only_ciphertext_and_the_keys_live_elsewhere(person):
    # given
    user, ticket = person
    # when: the rows are read as a backup of the database would read them
    stored_user = _snapshot("identity_user", user.pk)
    stored_ticket = _snapshot("queues_ticket", ticket.pk)
    # then: no value is in the clear, and the person's rows share the person's key
    for value in (stored_user["email"], stored_user["full_name"], stored_ticket["name"]):
        assert keyring.is_sealed(value)
    assert "casey" not in str(stored_user).lower() + str(stored_ticket).lower()
    assert "7700900123" not in str(stored_ticket)
    assert str(stored_ticket["vault_key"]).replace("-", "") == str(user.vault_key).replace("-", "")
    # and the key is in the vault database, not in the main one
    assert DataKey.objects.using(VAULT_DB).filter(id=user.vault_key).exists()
    tables = connection.introspection.table_names()
    assert DataKey._meta.db_table not in tables
    # and the application reads the clear values
    assert Ticket.objects.get(pk=ticket.pk).name == "Casey Customer"


@pytest.mark.promise("FD-2", "JF-7", "FD-11")
@pytest.mark.django_db
def test_erasure_destroys_the_key_and_a_copy_from_before_cannot_be_read(
    person, owner, django_capture_on_commit_callbacks
):
    # given: a backup of the person's rows, taken before the erasure
    user, ticket = person
    backup_user = _snapshot("identity_user", user.pk)
    backup_ticket = _snapshot("queues_ticket", ticket.pk)
    # when: the person is erased, and later that backup is restored
    with django_capture_on_commit_callbacks(execute=True):
        account_erase(actor=owner, user=user)
    _restore("identity_user", user.pk, backup_user)
    _restore("queues_ticket", ticket.pk, backup_ticket)
    # then: the restored rows hold the old ciphertext, but nothing opens it any more
    restored = Ticket.objects.get(pk=ticket.pk)
    assert keyring.is_sealed(_snapshot("queues_ticket", ticket.pk)["name"])
    assert (restored.name, restored.phone) == ("", "")
    assert (User.objects.get(pk=user.pk).email, User.objects.get(pk=user.pk).full_name) == ("", "")
    with pytest.raises(keyring.KeyDestroyedError):
        keyring.unseal(backup_ticket["name"], context="queues.ticket.name")
    # and the vault keeps only a tombstone of the key
    key = DataKey.objects.using(VAULT_DB).get(id=backup_user["vault_key"])
    assert key.is_destroyed
    assert bytes(key.wrapped) == b""


@pytest.mark.promise("FD-2")
@pytest.mark.django_db
def test_a_value_moved_to_another_column_does_not_open(person):
    # given: someone with database access copies a sealed name into the phone column
    _, ticket = person
    stored = _snapshot("queues_ticket", ticket.pk)
    _restore("queues_ticket", ticket.pk, {"phone": stored["name"]})
    # when / then: the value is bound to its column; reading it is refused, not garbled
    with pytest.raises(keyring.VaultError):
        _ = Ticket.objects.get(pk=ticket.pk).phone


@pytest.mark.promise("FD-2", "JF-7")
@pytest.mark.django_db
def test_a_value_moved_to_another_persons_row_opens_only_while_its_own_key_lives(
    person, queue, owner, django_capture_on_commit_callbacks
):
    # given: someone with database access copies Casey's sealed name into another ticket
    user, ticket = person
    other = queues.ticket_join(queue=queue, name="Olga Other", phone="", sms_opt_in=False)
    _restore("queues_ticket", other.pk, {"name": _snapshot("queues_ticket", ticket.pk)["name"]})
    # then: the row is not bound (only key and column are): it opens, under Casey's key
    assert Ticket.objects.get(pk=other.pk).name == "Casey Customer"
    # when: Casey is erased
    with django_capture_on_commit_callbacks(execute=True):
        account_erase(actor=owner, user=user)
    # then: the copy is as unreadable as the original
    assert Ticket.objects.get(pk=other.pk).name == ""


@pytest.mark.promise("FD-2")
@pytest.mark.django_db
def test_sign_in_and_stop_find_people_by_blind_index(person):
    # given
    user, _ = person
    # when: the person signs in typing their address in capitals
    client = Client()
    client.post("/account/login/", {"username": "CASEY@Example.test", "password": PASSWORD})
    # then
    assert client.session.get("_auth_user_id") == str(user.pk)
    # and a STOP from a phone is found again by its index, never by the number in the clear
    messaging.sms_opt_out(actor=None, phone="+447700900123")
    messaging.sms_opt_out(actor=None, phone="+447700900123")  # twice: still one opt-out
    assert SmsOptOut.objects.matching(phone="+447700900123").count() == 1
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone, phone_index FROM messaging_smsoptout")
        [(phone, index)] = cursor.fetchall()
    assert "7700900123" not in phone + index


@pytest.mark.promise("FD-2")
@pytest.mark.django_db
def test_sealed_values_cannot_be_compared_in_a_query():
    with pytest.raises(TypeError, match="blind index"):
        list(User.objects.filter(email="casey@example.test"))


@pytest.mark.promise("FD-2")
@pytest.mark.django_db
def test_the_master_key_rotates_without_losing_a_value(person, settings):
    # given: keys wrapped by the first master key
    user, ticket = person
    old = settings.FRONTDESK_MASTER_KEYS
    old_id = masters.current_master().id
    new = f"m2:{masters.new_key_text()}"
    try:
        # when: a new master key is put first (a restart)…
        settings.FRONTDESK_MASTER_KEYS = f"{new},{old}"
        masters.forget_cached()
        # …the site keeps working before the rewrap: old keys open, new ones use the new key
        assert Ticket.objects.get(pk=ticket.pk).phone == "+447700900123"
        newcomer = make_user("newcomer@example.test", full_name="Nina Newcomer")
        wrapped = DataKey.objects.using(VAULT_DB).get(id=newcomer.vault_key)
        assert wrapped.master_id == "m2"
        out = io.StringIO()
        call_command("vault", "status", stdout=out)
        assert old_id in out.getvalue()
        assert "m2" in out.getvalue()
        # …and then the keys are rewrapped
        call_command("vault", "rotate")
        keys = DataKey.objects.using(VAULT_DB).filter(destroyed_at__isnull=True)
        assert set(keys.values_list("master_id", flat=True)) == {"m2"}
        # and the old master key is removed
        settings.FRONTDESK_MASTER_KEYS = new
        masters.forget_cached()
        # then: every value still opens
        assert Ticket.objects.get(pk=ticket.pk).phone == "+447700900123"
        assert User.objects.get(pk=user.pk).full_name == "Casey Customer"
        assert User.objects.get(pk=newcomer.pk).full_name == "Nina Newcomer"
        assert old_id != "m2"
    finally:
        settings.FRONTDESK_MASTER_KEYS = old
        masters.forget_cached()


@pytest.mark.promise("FD-2")
@pytest.mark.django_db
def test_a_visitor_without_an_account_gets_a_key_of_their_own(queue):
    # when
    ticket = queues.ticket_join(queue=queue, name="Walk In", phone="", sms_opt_in=False)
    # then
    key = DataKey.objects.using(VAULT_DB).get(id=ticket.vault_key)
    assert key.holder == DataKey.Holder.RECORD
    assert Ticket.objects.get(pk=ticket.pk).name == "Walk In"


@pytest.mark.promise("FD-2")
@pytest.mark.django_db
def test_a_page_of_tickets_loads_all_their_keys_in_one_query(queue):
    # given: ten visitors, each with a key of their own
    for number in range(10):
        queues.ticket_join(queue=queue, name=f"Visitor {number}", phone="", sms_opt_in=False)
    # when
    with (
        keyring.scope(),
        CaptureQueriesContext(connections["default"]) as rows,
        CaptureQueriesContext(connections[VAULT_DB]) as keys,
    ):
        names = [ticket.name for ticket in Ticket.objects.filter(queue=queue)]
    # then: one query for the rows, one for all ten keys
    assert (len(rows), len(keys)) == (1, 1)
    assert sorted(names) == sorted(f"Visitor {number}" for number in range(10))


@pytest.mark.promise("FD-2")
def test_master_keys_are_checked_when_read():
    with pytest.raises(Exception, match="id:key"):
        masters.parse_master_keys("no-separator")
    with override_settings(FRONTDESK_MASTER_KEYS="m1:c2hvcnQ="):
        masters.forget_cached()
        with pytest.raises(Exception, match="32 bytes"):
            masters.master_keys()
    masters.forget_cached()


@pytest.mark.promise("JF-7", "FD-10", "FD-2")
@pytest.mark.django_db
def test_the_sweep_destroys_the_key_of_a_visitor_whose_data_it_discarded(queue, owner):
    # given: forty days ago, a visitor and an account holder came and were served
    with time_machine.travel(clock.now() - timedelta(days=40), tick=False):
        visitor = queues.ticket_join(queue=queue, name="Walk In", phone="", sms_opt_in=False)
        account = make_user("casey@example.test", full_name="Casey Customer")
        member = queues.ticket_join(
            queue=queue, name="Casey Customer", phone="", sms_opt_in=False, user=account
        )
        for ticket in (visitor, member):
            queues.ticket_summon(actor=owner, ticket=ticket)
            queues.ticket_arrive(actor=owner, ticket=ticket)
            queues.ticket_serve(actor=owner, ticket=ticket)
    backup = _snapshot("queues_ticket", visitor.pk)
    # when: the retention sweep runs (names are kept 30 days after the visit)
    report = retention_sweep()
    # then: the visitor's own key is destroyed, so the backup's ciphertext opens no more
    assert not keyring.key_is_live(visitor.vault_key)
    with pytest.raises(keyring.KeyDestroyedError):
        keyring.unseal(backup["name"], context="queues.ticket.name")
    # and the account's key, which protects the account itself, stays
    assert keyring.key_is_live(account.vault_key)
    assert User.objects.get(pk=account.pk).full_name == "Casey Customer"
    assert report.total >= 2


@pytest.mark.promise("FD-2")
@pytest.mark.django_db
def test_values_stored_before_sealing_are_sealed_by_the_upgrade_command(person):
    # given: a row as an installation from before sealing holds it (the name in the clear)
    _, ticket = person
    _restore("queues_ticket", ticket.pk, {"name": "Old Clear Name"})
    assert Ticket.objects.get(pk=ticket.pk).name == "Old Clear Name"  # still readable
    # when
    call_command("vault", "seal")
    # then
    assert keyring.is_sealed(_snapshot("queues_ticket", ticket.pk)["name"])
    assert Ticket.objects.get(pk=ticket.pk).name == "Old Clear Name"
