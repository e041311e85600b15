"""One audit chain per business instead of one for the whole platform (issue 9).

A chain is now the events of one `organisation_id` in `seq` order (None: the platform's own),
with `seq` counting within it. Today's one chain is first verified as it stands, then each
business's events, in their old order, are numbered and linked into that business's chain with
the project's own hash (`audit.chain`). A broken chain stops the migration: re-linking it would
hide the tampering. The old chain's head stays on record in an `audit.chain.split` event on the
platform's chain, so a copy of that head kept elsewhere still vouches for everything before it.

Rewriting the events means lifting the append-only triggers (`audit.guard`, installed by 0002)
for the migration's transaction; they are put back at its end, on PostgreSQL and on SQLite
(where altering the table rebuilds it without them anyway).
"""

from django.db import migrations, models
from django.utils import timezone

from frontdesk.audit import guard
from frontdesk.audit.chain import GENESIS, event_hash, hash_of

BATCH = 1000
ONE_CHAIN = "all"  # the key of the platform-wide chain, before and after this migration


def guard_off(apps, schema_editor):
    guard.uninstall(schema_editor.connection)


def guard_on(apps, schema_editor):
    if not guard.installed(schema_editor.connection):
        guard.install(schema_editor.connection)


class BrokenChainError(RuntimeError):
    pass


class Relink:
    """Checks each event against the chain it is in, then links it into the chain it joins."""

    def __init__(self):
        self.old = {}  # chain key -> (seq, hash) of the last event checked
        self.new = {}  # chain key -> (seq, hash) of the last event linked

    def check(self, key, event):
        seq, prev_hash = self.old.get(key, (0, GENESIS))
        if event.seq != seq + 1:
            reason = f"expected event #{seq + 1} here: an event was removed or inserted"
        elif event.prev_hash != prev_hash:
            reason = "it does not link to the event before it"
        elif hash_of(event, prev_hash=event.prev_hash) != event.hash:
            reason = "its contents were altered after it was written"
        else:
            self.old[key] = (event.seq, event.hash)
            return
        raise BrokenChainError(
            f"The audit chain is broken at event #{event.seq} (id {event.pk}): {reason}. "
            "Re-linking it would hide that; investigate with the previous release's "
            "`frontdesk audit verify` before migrating."
        )

    def link(self, key, event):
        seq, prev_hash = self.new.get(key, (0, GENESIS))
        event.seq, event.prev_hash = seq + 1, prev_hash
        event.hash = hash_of(event, prev_hash=prev_hash)
        self.new[key] = (event.seq, event.hash)


def _pages(events, order):
    """Events a page at a time, in `order` (a key no rewrite moves forward: a renumbered event
    gets a `seq` no higher than its old one, so it never comes round again)."""
    last = 0
    while page := list(events.filter(**{f"{order}__gt": last}).order_by(order)[:BATCH]):
        last = getattr(page[-1], order)
        yield page


def _relink(apps, schema_editor, *, order, old_key, new_key):
    model = apps.get_model("audit", "AuditEvent")
    events = model.objects.using(schema_editor.connection.alias)
    relink = Relink()
    for page in _pages(events, order):
        for event in page:
            relink.check(old_key(event), event)
            relink.link(new_key(event), event)
        events.bulk_update(page, ["seq", "prev_hash", "hash"])
    return relink


def chain_per_business(apps, schema_editor):
    relink = _relink(
        apps,
        schema_editor,
        order="seq",
        old_key=lambda event: ONE_CHAIN,
        new_key=lambda event: event.organisation_id,
    )
    if ONE_CHAIN not in relink.old:
        return  # no events: nothing to keep on record
    head_seq, head_hash = relink.old[ONE_CHAIN]
    seq, prev_hash = relink.new[None] if None in relink.new else (0, GENESIS)
    fields = {
        "seq": seq + 1,
        "created_at": timezone.now(),
        "actor_id": None,
        "action": "audit.chain.split",
        "organisation_id": None,
        "target_type": "",
        "target_id": "",
        "ip": None,
        "ip_index": "",
        "request_id": "",
        "details": {"head_seq": head_seq, "head_hash": head_hash, "chains": len(relink.new)},
    }
    model = apps.get_model("audit", "AuditEvent")
    model.objects.using(schema_editor.connection.alias).create(
        prev_hash=prev_hash, hash=event_hash(prev_hash=prev_hash, **fields), **fields
    )


def one_chain(apps, schema_editor):
    """Back to one platform-wide chain, in the order the events were written (their id)."""
    _relink(
        apps,
        schema_editor,
        order="id",
        old_key=lambda event: event.organisation_id,
        new_key=lambda event: ONE_CHAIN,
    )


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_address_as_blind_index")]

    operations = [
        migrations.RunPython(guard_off, guard_on),
        migrations.AlterField(
            model_name="auditevent",
            name="seq",
            field=models.BigIntegerField(db_index=True),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="organisation_id",
            field=models.BigIntegerField(blank=True, null=True),
        ),
        migrations.RunPython(chain_per_business, one_chain),
        migrations.AddConstraint(
            model_name="auditevent",
            constraint=models.UniqueConstraint(
                fields=("organisation_id", "seq"), name="audit_event_seq_in_business_chain"
            ),
        ),
        migrations.AddConstraint(
            model_name="auditevent",
            constraint=models.UniqueConstraint(
                condition=models.Q(("organisation_id__isnull", True)),
                fields=("seq",),
                name="audit_event_seq_in_platform_chain",
            ),
        ),
        migrations.RunPython(guard_on, guard_off),
    ]
