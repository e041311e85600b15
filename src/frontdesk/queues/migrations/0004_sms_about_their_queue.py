"""The SMS sent to a queue's customers name their queue (messaging 0005), so the outbox shows
each to those who serve that queue only. A queue's SMS carry the reference
`queues.ticket:<ticket id>`; its ticket gives the queue. Other SMS name no queue."""

from django.db import migrations

PREFIX = "queues.ticket:"


def forwards(apps, schema_editor):
    SmsMessage = apps.get_model("messaging", "SmsMessage")
    Ticket = apps.get_model("queues", "Ticket")
    pending = SmsMessage.objects.filter(queue_id=None, reference__startswith=PREFIX)
    by_ticket: dict[int, list[int]] = {}
    for pk, reference in pending.values_list("pk", "reference"):
        ticket_id = reference.removeprefix(PREFIX)
        if ticket_id.isdigit():
            by_ticket.setdefault(int(ticket_id), []).append(pk)
    queues = dict(Ticket.objects.filter(pk__in=by_ticket).values_list("pk", "queue_id"))
    for ticket_id, message_ids in by_ticket.items():
        if ticket_id in queues:
            SmsMessage.objects.filter(pk__in=message_ids).update(queue_id=queues[ticket_id])


class Migration(migrations.Migration):
    dependencies = [
        ("queues", "0003_sealed_personal_data"),
        ("messaging", "0005_messages_per_business"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
