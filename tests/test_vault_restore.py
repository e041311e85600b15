"""FD-2, JF-7, FD-11: a backup of the main database taken before an erasure, restored after it.

Every sealed value of the person's rows, in every model that has sealed fields, stays
unreadable: the key is in the vault, not in the backup, and it is gone. The restored account
row itself would still let the person be found and sign in (its e-mail's blind index, its
password hash): the vault's ledger of erased accounts lets `frontdesk privacy replay-erasures`
(and the daily retention task) erase it again. A key whose destruction failed after the
erasure is destroyed by the next sweep.
"""

from __future__ import annotations

import uuid
from io import StringIO
from typing import Any
from unittest import mock

import pytest
from conftest import PASSWORD, make_user
from django.apps import apps
from django.core.management import call_command
from django.db import OperationalError, connection
from django.db.models import Model
from django.test import Client

from frontdesk.audit.models import AuditEvent
from frontdesk.identity import services as identity
from frontdesk.identity.models import User
from frontdesk.messaging.models import AnnouncementSubscriber
from frontdesk.privacy import services
from frontdesk.privacy.erasure import account_erase
from frontdesk.privacy.models import PrivacyRequest
from frontdesk.privacy.retention import retention_sweep
from frontdesk.privacy.tasks import retention_sweep_task
from frontdesk.privacy.tests.test_centre_export import person_in_every_app
from frontdesk.privacy.tests.test_erasure import _stored_text
from frontdesk.vault import keyring
from frontdesk.vault.fields import sealed_fields
from frontdesk.vault.models import ErasedSubject
from frontdesk.vault.router import VAULT_DB
from frontdesk.vault.sealed import SealedModel

# A backup, as far as these tests need one: per model, the stored rows (column → value).
Backup = dict[type[Model], list[dict[str, Any]]]
LOGIN = "/account/login/"


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _sealed_models() -> list[type[Model]]:
    return [model for model in apps.get_models() if sealed_fields(model)]


def _quoted(name: str) -> str:
    return connection.ops.quote_name(name)


def _columns(model: type[Model]) -> list[str]:
    return [field.column for field in model._meta.concrete_fields]


def _backup(key_id: uuid.UUID) -> Backup:
    """Every column of every row sealed with the key, in every model with sealed fields, as a
    backup of the main database holds them (read with raw SQL)."""
    backup: Backup = {}
    for model in _sealed_models():
        pks = list(model._base_manager.filter(vault_key=key_id).values_list("pk", flat=True))
        if not pks:
            continue
        columns = _columns(model)
        marks = ", ".join(["%s"] * len(pks))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {', '.join(map(_quoted, columns))} FROM {_quoted(model._meta.db_table)} "  # noqa: S608
                f"WHERE {_quoted(model._meta.pk.column)} IN ({marks})",
                pks,
            )
            backup[model] = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    return backup


def _restore(backup: Backup) -> None:
    """Write the backup's rows back as they were: what restoring it does to them (rows the
    erasure deleted come back, rows it changed get their old columns again)."""
    with connection.cursor() as cursor:
        for model, rows in backup.items():
            table, pk = _quoted(model._meta.db_table), model._meta.pk.column
            for row in rows:
                cursor.execute(f"DELETE FROM {table} WHERE {_quoted(pk)} = %s", [row[pk]])  # noqa: S608
                cursor.execute(
                    f"INSERT INTO {table} ({', '.join(map(_quoted, row))}) "  # noqa: S608
                    f"VALUES ({', '.join(['%s'] * len(row))})",
                    list(row.values()),
                )


def _clear_values(backup: Backup) -> set[str]:
    """The clear text of every sealed value in the backup, opened while the key lives."""
    values: set[str] = set()
    for model, rows in backup.items():
        for field in sealed_fields(model):
            for row in rows:
                if row[field.column]:
                    values.add(keyring.unseal(row[field.column], context=field.context))
    return values


def _erase_by_request(user: User, owner: User, capture: Any) -> None:
    """Staff complete an erasure request of the person (the key goes once it commits)."""
    request = PrivacyRequest.objects.get(user=user, kind=PrivacyRequest.Kind.ERASURE)
    services.privacy_request_start(actor=owner, request=request)
    with capture(execute=True):
        services.privacy_request_complete(actor=owner, request=request)


def _signs_in(email: str) -> bool:
    client = Client()
    client.post(LOGIN, {"username": email, "password": PASSWORD})
    return "_auth_user_id" in client.session


def _account_columns(user: User) -> Backup:
    """The account's own row as a backup holds it (its e-mail's index, password, active…)."""
    columns = _columns(User)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(map(_quoted, columns))} FROM identity_user WHERE id = %s",  # noqa: S608
            [user.pk],
        )
        return {User: [dict(zip(columns, cursor.fetchone(), strict=True))]}


def _replay() -> str:
    out = StringIO()
    call_command("privacy", "replay-erasures", stdout=out)
    return out.getvalue()


# --- 1. A restored backup of every sealed model -----------------------------------------------


@pytest.mark.promise("FD-2", "JF-7")
@pytest.mark.django_db
def test_a_restored_backup_of_every_sealed_model_opens_nothing_after_the_erasure(
    owner, django_capture_on_commit_callbacks
):
    # given: a person with data in every app, who asks to be erased, and a backup of every
    # row sealed with their key, taken before the erasure
    user = person_in_every_app("casey@example.test", "Casey Customer")
    services.privacy_request_create(
        actor=user, user=user, kind=PrivacyRequest.Kind.ERASURE, details="Forget me, please."
    )
    backup = _backup(user.vault_key)
    planted = _clear_values(backup)
    # the backup covers every sealed model whose rows are about an account
    about_accounts = {
        model
        for model in _sealed_models()
        if issubclass(model, SealedModel) and model.VAULT_SUBJECT
    }
    assert set(backup) == about_accounts
    assert {"casey@example.test", "Casey Customer", "Forget me, please."} <= planted
    # when: the erasure is completed, and later the backup is restored over the database
    _erase_by_request(user, owner, django_capture_on_commit_callbacks)
    _restore(backup)
    # then: each restored value is the old ciphertext, and none of it opens any more
    for model, rows in backup.items():
        for field in sealed_fields(model):
            for row in rows:
                stored = row[field.column]
                read = getattr(model._base_manager.get(pk=row[model._meta.pk.column]), field.name)
                assert read == field.empty, (field.context, read)
                if stored:
                    assert keyring.is_sealed(stored), field.context
                    with pytest.raises(keyring.KeyDestroyedError):
                        keyring.unseal(stored, context=field.context)
    # and the planted clear values appear nowhere, in any table, read with the vault's keys
    assert planted & _stored_text() == set()


# --- 2. Replay of erasures after a restore ----------------------------------------------------


@pytest.mark.promise("FD-11", "FD-2", "JF-7")
@pytest.mark.django_db
def test_replay_erases_again_an_account_a_restored_backup_brought_back(
    owner, django_capture_on_commit_callbacks
):
    # given: an account, and a backup of its row taken before it was erased
    user = make_user("casey@example.test", full_name="Casey Customer")
    backup = _account_columns(user)
    with django_capture_on_commit_callbacks(execute=True):
        account_erase(actor=owner, user=user)
    assert not User.objects.with_email("casey@example.test").exists()
    # when: the backup is restored
    _restore(backup)
    # then: the sealed values stay unreadable, but the person is found and can even sign in
    assert User.objects.with_email("casey@example.test").get().pk == user.pk
    assert User.objects.get(pk=user.pk).email == ""
    assert _signs_in("casey@example.test")
    # when: the erasures are replayed
    with django_capture_on_commit_callbacks(execute=True):
        printed = _replay()
    # then: the account is erased again: not found, no usable password, inactive
    assert not User.objects.with_email("casey@example.test").exists()
    account = User.objects.get(pk=user.pk)
    assert identity.is_erased(account)
    assert not account.has_usable_password()
    assert not account.is_active
    assert not _signs_in("casey@example.test")
    assert "Erasures replayed on restored accounts: 1." in printed
    # and the run is audited once, with account ids and counts only
    [event] = AuditEvent.objects.filter(action="privacy.erasures.replayed")
    assert event.details["replayed"] == [user.pk]
    assert "casey" not in str(event.details).lower()


@pytest.mark.promise("FD-11", "JF-7")
@pytest.mark.django_db
def test_replay_is_idempotent_and_runs_with_the_daily_task(
    owner, django_capture_on_commit_callbacks
):
    # given: an erased account restored from a backup, and another erased one left alone
    user = make_user("casey@example.test", full_name="Casey Customer")
    other = make_user("olga@example.test", full_name="Olga Other")
    backup = _account_columns(user)
    with django_capture_on_commit_callbacks(execute=True):
        account_erase(actor=owner, user=user)
        account_erase(actor=owner, user=other)
    _restore(backup)
    # when: the daily task runs, twice
    with django_capture_on_commit_callbacks(execute=True):
        retention_sweep_task()
    printed = _replay()
    # then: the restored account was erased again by the task; the second run found nothing
    assert not User.objects.with_email("casey@example.test").exists()
    assert "Erased accounts listed: 2 (0 newly listed)." in printed
    assert "Erasures replayed on restored accounts: 0." in printed
    replays = AuditEvent.objects.filter(action="privacy.erasures.replayed").order_by("seq")
    assert [event.details["replayed"] for event in replays] == [[user.pk], []]
    # and the ledger holds ids and times only
    entry = ErasedSubject.objects.using(VAULT_DB).get(subject_id=user.pk)
    assert entry.erased_at is not None
    assert entry.key_id == uuid.UUID(str(backup[User][0]["vault_key"]))


@pytest.mark.promise("FD-11", "JF-7")
@pytest.mark.django_db
def test_rows_a_restore_brought_back_are_erased_again_by_the_replay(
    owner, django_capture_on_commit_callbacks
):
    # given: a person with data in every app, erased, then a backup of their rows restored
    user = person_in_every_app("casey@example.test", "Casey Customer")
    backup = _backup(user.vault_key)
    with django_capture_on_commit_callbacks(execute=True):
        account_erase(actor=owner, user=user)
    _restore(backup)
    restored_attempts = apps.get_model("identity", "LoginAttempt")._base_manager.filter(user=user)
    assert restored_attempts.exists()
    # when
    with django_capture_on_commit_callbacks(execute=True):
        _replay()
    # then: what the erasure deleted is deleted again, what it unlinked is unlinked again
    assert not restored_attempts.exists()
    ticket = apps.get_model("queues", "Ticket")._base_manager.get(
        pk__in=[row["id"] for row in backup[apps.get_model("queues", "Ticket")]]
    )
    assert ticket.user_id is None


@pytest.mark.promise("FD-11", "JF-7")
@pytest.mark.django_db
def test_a_restored_list_subscription_of_an_erased_account_is_deleted_by_the_replay(
    owner, django_capture_on_commit_callbacks
):
    # given: an account on the announcement list, erased, then both rows restored
    user = make_user("casey@example.test", full_name="Casey Customer")
    subscriber = AnnouncementSubscriber.objects.create(
        organisation=user.organisation, email=user.email, token_hash="x" * 64
    )
    backup = _account_columns(user) | _backup(subscriber.vault_key)
    with django_capture_on_commit_callbacks(execute=True):
        account_erase(actor=owner, user=user)
    _restore(backup)
    assert AnnouncementSubscriber.objects.matching(email="casey@example.test").exists()
    # when: the account's address no longer opens, but the replay finds it by its index
    with django_capture_on_commit_callbacks(execute=True):
        _replay()
    # then
    assert not AnnouncementSubscriber.objects.filter(pk=subscriber.pk).exists()


@pytest.mark.promise("FD-11")
@pytest.mark.django_db
def test_an_account_erased_before_the_ledger_existed_is_listed_by_the_replay(
    owner, django_capture_on_commit_callbacks
):
    # given: an erased account the ledger does not list (erased before it existed)
    user = make_user("casey@example.test", full_name="Casey Customer")
    with django_capture_on_commit_callbacks(execute=True):
        account_erase(actor=owner, user=user)
    ErasedSubject.objects.using(VAULT_DB).all().delete()
    # when
    printed = _replay()
    # then: it is listed (without a key: which one it had is not known)
    assert "Erased accounts listed: 1 (1 newly listed)." in printed
    entry = ErasedSubject.objects.using(VAULT_DB).get(subject_id=user.pk)
    assert entry.erased_at is not None
    # and an account that was never erased is not
    assert not ErasedSubject.objects.using(VAULT_DB).filter(subject_id=owner.pk).exists()


# --- 3. A key the erasure left alive ----------------------------------------------------------


@pytest.mark.promise("FD-2", "JF-7", "FD-11")
@pytest.mark.django_db
def test_a_key_left_alive_after_an_erasure_is_destroyed_by_the_next_sweep(
    owner, django_capture_on_commit_callbacks
):
    # given: an erasure commits, but destroying the key after the commit fails
    user = make_user("casey@example.test", full_name="Casey Customer")
    key = user.vault_key
    broken = mock.patch.object(keyring, "key_destroy", side_effect=OperationalError("vault down"))
    with (
        broken,
        pytest.raises(OperationalError),  # raised by the step after the commit
        django_capture_on_commit_callbacks(execute=True),
    ):
        account_erase(actor=owner, user=user)
    assert keyring.key_is_live(key)
    # when: the retention sweep runs
    retention_sweep()
    # then: the key is gone, and the sweep's audit event counts it
    assert not keyring.key_is_live(key)
    [event] = AuditEvent.objects.filter(  # the platform's pass destroys the keys
        action="privacy.retention.swept", organisation_id__isnull=True
    )
    assert event.details["erased_keys_destroyed"] == 1
    # and the account's placeholder, sealed with its new key, still reads
    assert identity.is_erased(User.objects.get(pk=user.pk))


@pytest.mark.promise("FD-2", "JF-7", "FD-11")
@pytest.mark.django_db
def test_a_key_is_destroyed_even_when_nothing_ran_after_the_erasure_committed(owner):
    # given: an erasure commits and the process stops before anything after the commit ran
    # (no confirmation in the ledger, no key destruction)
    user = make_user("casey@example.test", full_name="Casey Customer")
    key = user.vault_key
    account_erase(actor=owner, user=user)  # on-commit steps never run in this test
    entry = ErasedSubject.objects.using(VAULT_DB).get(subject_id=user.pk)
    assert (entry.key_id, entry.erased_at) == (key, None)
    assert keyring.key_is_live(key)
    # when: the daily task runs
    retention_sweep_task()
    # then: the ledger shows the erasure, and the key it listed is destroyed
    entry.refresh_from_db()
    assert entry.erased_at is not None
    assert not keyring.key_is_live(key)


@pytest.mark.promise("FD-11")
@pytest.mark.django_db
def test_an_erasure_that_rolled_back_leaves_the_key_and_the_account_alone(owner):
    # given: an erasure that fails inside its transaction
    user = make_user("casey@example.test", full_name="Casey Customer")
    failing = mock.patch.object(
        identity, "account_identity_remove", side_effect=RuntimeError("boom")
    )
    with failing, pytest.raises(RuntimeError):
        account_erase(actor=owner, user=user)
    # when: the daily task runs
    retention_sweep_task()
    # then: the account keeps its data and key; the ledger entry stays unconfirmed
    assert User.objects.get(pk=user.pk).full_name == "Casey Customer"
    assert keyring.key_is_live(user.vault_key)
    assert ErasedSubject.objects.using(VAULT_DB).get(subject_id=user.pk).erased_at is None
