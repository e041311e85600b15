"""QL-3: production customer data never leaves production; `frontdesk privacy anonymised-copy`
makes a development copy in which no personal value planted in any app survives."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import make_user
from django.db import connections, transaction

from frontdesk.audit.services import audit_record
from frontdesk.core import context
from frontdesk.identity import services as identity
from frontdesk.identity.models import LoginAttempt
from frontdesk.messaging import services as messaging
from frontdesk.privacy.tests.test_centre_export import person_in_every_app
from frontdesk.queues import services as queues
from tests.stored import opened_cells, raw_cells

SECRETS = [
    "ada.secret@example.test",
    "Ada Secretary",
    "Bartholomew Queueperson",
    "7700900555",
    "7700900666",
    "203.0.113.77",
    "SecretBrowser/9.9",
]


def _plant_personal_data(location) -> None:
    user = make_user("ada.secret@example.test", full_name="Ada Secretary", staff=True)
    identity.apitoken_create(actor=user, user=user, name="ci", scopes=["account:read"])
    with context.bound(
        context.RequestContext(request_id="r1", ip="203.0.113.77", user_agent="SecretBrowser/9.9")
    ):
        identity.login_attempt_record(user=user, outcome=LoginAttempt.Outcome.SUCCEEDED)
        queue = queues.queue_create(
            actor=user, location=location, name="Passports", expected_service_minutes=5
        )
        ticket = queues.ticket_join(
            queue=queue, name="Bartholomew Queueperson", phone="+447700900555", sms_opt_in=True
        )
        queues.ticket_summon(actor=user, ticket=ticket)
        messaging.sms_opt_out(actor=None, phone="+447700900666")
        with transaction.atomic():
            audit_record(actor=user, action="audit.log.viewed", details={"note": "planted"})


FRONTDESK = Path(sys.executable).with_name("frontdesk")


def _frontdesk(
    *args: str, database_url: str, vault_url: str = ""
) -> subprocess.CompletedProcess[str]:
    """Run the operator's command against a database, as an operator would."""
    vault_url = vault_url or _this_database_url("vault")
    env = dict(os.environ, DATABASE_URL=database_url, VAULT_DATABASE_URL=vault_url)
    return subprocess.run(
        [str(FRONTDESK), *args], env=env, capture_output=True, text=True, check=False
    )


def _this_database_url(alias: str = "default") -> str:
    """The URL of a test database (committed data: the tests are transactional)."""
    db = connections[alias].settings_dict
    if connections[alias].vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def _all_text(path: Path) -> str:
    database = sqlite3.connect(path)
    tables = [
        row[0] for row in database.execute("SELECT name FROM sqlite_master WHERE type='table'")
    ]
    chunks: list[str] = []
    for table in tables:
        for row in database.execute(f'SELECT * FROM "{table}"'):  # noqa: S608 - table names from the schema
            chunks.extend(str(value) for value in row)
    database.close()
    return "\n".join(chunks)


@pytest.mark.promise("QL-3", "QL-1")
@pytest.mark.django_db(transaction=True)
def test_the_copy_keeps_the_shape_but_no_personal_value(location, tmp_path):
    # given: personal data in every app
    _plant_personal_data(location)
    target = tmp_path / "dev.sqlite3"
    # when
    made = _frontdesk("privacy", "anonymised-copy", str(target), database_url=_this_database_url())
    assert made.returncode == 0, made.stderr
    # then: no planted value anywhere in the copy
    text = _all_text(target)
    for secret in SECRETS:
        assert secret not in text, secret
    # and the shape is kept: the same tickets, people, and an intact audit chain of its own
    copy = sqlite3.connect(target)
    assert copy.execute("SELECT count(*) FROM queues_ticket").fetchone()[0] == 1
    assert copy.execute("SELECT count(*) FROM identity_user").fetchone()[0] >= 1
    assert copy.execute("SELECT count(*) FROM identity_apitoken").fetchone()[0] == 0
    assert copy.execute("SELECT count(*) FROM audit_auditevent").fetchone()[0] > 3
    copy.close()
    verified = _frontdesk("audit", "verify", database_url=f"sqlite:///{target}")
    assert verified.returncode == 0, verified.stderr


@pytest.mark.django_db(transaction=True)
def test_the_copy_refuses_a_target_that_holds_accounts(location, tmp_path):
    # given: a copy already made
    make_user("someone@example.test")
    target = tmp_path / "dev.sqlite3"
    assert (
        _frontdesk(
            "privacy", "anonymised-copy", str(target), database_url=_this_database_url()
        ).returncode
        == 0
    )
    # when
    again = _frontdesk("privacy", "anonymised-copy", str(target), database_url=_this_database_url())
    # then
    assert again.returncode != 0
    assert "already holds accounts" in again.stderr


@pytest.mark.promise("QL-3")
@pytest.mark.django_db(transaction=True)
def test_no_sealed_value_of_any_app_reaches_the_copy(tmp_path):
    # given: a person with a row of every declaration of every app (shop, software area,
    # support, promotions, misuse, insights, queues…); every sealed value is personal data
    person_in_every_app("zed.secret@example.test", "Zed Secretperson")
    # (a value also stored in the clear, such as the generic planter's organisation names, is
    # not personal data: the sealed-declarations test holds personal data to be sealed)
    planted = {value for value in opened_cells() if len(value) >= 8} - set(raw_cells())
    assert "zed.secret@example.test" in planted
    assert len(planted) > 20  # the planting reached the apps
    target = tmp_path / "dev.sqlite3"
    # when
    made = _frontdesk("privacy", "anonymised-copy", str(target), database_url=_this_database_url())
    assert made.returncode == 0, made.stderr
    # then: none of them is in the copy
    text = _all_text(target)
    assert sorted(value for value in planted if value in text) == []
