"""Misuse detection over one million sign-in events (issue 5 §6): how long a full pass of the
analysis takes, and an incremental pass after a minute of new events, next to a baseline
measured in the same run on the same database — one read of every event, grouped by account,
which is what an analysis that is not incremental would have to do at least.

Prints times and ratios against the baseline; asserts nothing.

    make bench-misuse     # or: .venv/bin/python bench/misuse.py --events 1000000 --accounts 5000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_misuse .venv/bin/python bench/misuse.py

With DATABASE_URL the run uses that database (it is flushed: give it one of its own);
otherwise a fresh SQLite file in a temporary directory.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BATCH = 20_000
DAYS = 30
SHARING_SHARE = 100  # one account in this many signs in from many networks on the last day


def timed(action: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def network(seed: str) -> str:
    """A stand-in for a network's blind index: 64 hex characters, as the real ones are."""
    return hashlib.sha256(seed.encode()).hexdigest()


def attempts(user_ids: list[int], events: int, now: datetime) -> Iterator[tuple[Any, ...]]:
    """`events` successful sign-ins over the last DAYS days: each account from its one or two
    usual networks; every SHARING_SHARE-th account also from many networks on the last day."""
    rng = random.Random(1)  # noqa: S311 - repeatable bench data, not a secret
    homes = {pk: [network(f"{pk}-{n}") for n in range(1 + pk % 2)] for pk in user_ids}
    span = DAYS * 86_400
    for n in range(events):
        pk = user_ids[n % len(user_ids)]
        sharing = pk % SHARING_SHARE == 0 and n % 7 == 0
        if sharing:
            seconds, where = rng.uniform(0, 80_000), network(f"shared-{n}")
        else:
            seconds, where = rng.uniform(0, span), rng.choice(homes[pk])
        yield (pk, now - timedelta(seconds=seconds), where, "", "succeeded")


def seed(accounts: int, events: int, now: datetime) -> list[int]:
    from django.db import connection, transaction

    from frontdesk.access import services as access
    from frontdesk.identity.models import LoginAttempt, User
    from frontdesk.licensing import services as licensing
    from frontdesk.licensing.models import Licence

    organisation = access.organisation_create(name="Infacta", slug="infacta")
    product = licensing.product_create(
        actor=None,
        organisation=organisation,
        code="GM",
        name="Group Mail",
        update_period_days=365,
        downloads_per_release=5,
    )
    with transaction.atomic():
        users = [User.objects.create_user(f"c{n}@bench.test") for n in range(accounts)]
        Licence.objects.bulk_create(
            Licence(user=user, product=product, updates_until=now + timedelta(days=365))
            for user in users
        )
    table = connection.ops.quote_name(LoginAttempt._meta.db_table)
    adapt = connection.ops.adapt_datetimefield_value
    sql = (
        f"INSERT INTO {table} (user_id, created_at, network_index, user_agent, outcome) "  # noqa: S608
        "VALUES (%s, %s, %s, %s, %s)"
    )
    user_ids = [user.pk for user in users]
    rows = attempts(user_ids, events, now)
    while batch := [
        (pk, adapt(at), where, agent, outcome)
        for pk, at, where, agent, outcome in itertools.islice(rows, BATCH)
    ]:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(sql, batch)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {table}")
        else:
            cursor.execute("ANALYZE")
    return user_ids


def baseline() -> int:
    """One read of every event, grouped by account: distinct networks per account."""
    from django.db.models import Count

    from frontdesk.identity.models import LoginAttempt

    rows = (
        LoginAttempt.objects.order_by()
        .values("user_id")
        .annotate(networks=Count("network_index", distinct=True))
    )
    return sum(1 for _ in rows.iterator())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--accounts", type=int, default=5_000)
    parser.add_argument("--new", type=int, default=25, help="sign-ins in the minute after")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="frontdesk-bench-") as var:
        os.environ.update(FRONTDESK_VAR_DIR=var, DJANGO_SETTINGS_MODULE="frontdesk.config.settings")
        sys.path.insert(0, str(ROOT / "src"))
        import django
        from django.core.management import call_command

        django.setup()
        from django.db import connection

        from frontdesk.core import clock
        from frontdesk.identity.models import LoginAttempt
        from frontdesk.misuse.services import misuse_scan

        for database in ("default", "vault"):
            call_command("migrate", database=database, verbosity=0)
            if connection.vendor == "postgresql":
                call_command("flush", database=database, interactive=False, verbosity=0)
        now = clock.now()
        seconds, user_ids = timed(lambda: seed(args.accounts, args.events, now))
        events = LoginAttempt.objects.count()
        print(f"{connection.vendor}: {events:,} sign-in events of {len(user_ids):,} accounts ")
        print(f"over {DAYS} days, seeded in {seconds:.1f} s\n")

        base, _ = timed(baseline)
        full, opened = timed(lambda: misuse_scan(now=now))
        later = now + timedelta(minutes=1)
        fresh = [
            LoginAttempt(
                user_id=user_ids[n], created_at=later - timedelta(seconds=n), outcome="succeeded"
            )
            for n in range(args.new)
        ]
        LoginAttempt.objects.bulk_create(fresh)
        incremental, _ = timed(lambda: misuse_scan(now=later))

    print(f"{'pass':<44}{'seconds':>10}{'vs baseline':>13}")
    for name, took in (
        ("baseline: every event read once, by account", base),
        (f"full pass (cold, {opened} cases opened)", full),
        (f"incremental pass ({args.new} new sign-ins)", incremental),
    ):
        print(f"{name:<44}{took:>10.3f}{took / base:>13.3f}")
    print(f"\n(about {len(user_ids) // SHARING_SHARE} accounts were seeded to look shared)")


if __name__ == "__main__":
    main()
