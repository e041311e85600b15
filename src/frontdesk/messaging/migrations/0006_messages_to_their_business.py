"""Tenancy (issue 9): every e-mail, unsubscribe link and list address lands in its business.

An e-mail and an unsubscribe link are their recipient account's business's (accounts are per
business since identity 0005, placed by ops 0001), else their list subscriber's. A list address
is the business's whose account has that address (the blind indexes of one address are equal);
when no account or several businesses' accounts have it, and the installation has one business
only, it is that one's. Anything else stays the platform's (no business): nobody mails it, and
its retention sweep deletes it as before.
"""

from django.db import migrations

ROWS = ("EmailMessageLog", "UnsubscribeToken")


def _subscribers(apps):
    User = apps.get_model("identity", "User")
    Subscriber = apps.get_model("messaging", "AnnouncementSubscriber")
    Organisation = apps.get_model("access", "Organisation")
    by_address: dict[str, set[int]] = {}
    accounts = User.objects.exclude(email_index=None).exclude(organisation=None)
    for index, business in accounts.values_list("email_index", "organisation_id"):
        by_address.setdefault(index, set()).add(business)
    businesses = list(Organisation.objects.values_list("pk", flat=True)[:2])
    only = businesses[0] if len(businesses) == 1 else None
    for pk, index in Subscriber.objects.filter(organisation=None).values_list("pk", "email_index"):
        found = by_address.get(index, set())
        business = next(iter(found)) if len(found) == 1 else only
        if business is not None:
            Subscriber.objects.filter(pk=pk).update(organisation_id=business)


def _messages(apps):
    User = apps.get_model("identity", "User")
    Subscriber = apps.get_model("messaging", "AnnouncementSubscriber")
    for name in ROWS:
        Row = apps.get_model("messaging", name)
        pending = Row.objects.filter(organisation=None)
        for business in User.objects.exclude(organisation=None).values_list(
            "organisation_id", flat=True
        ).distinct():
            pending.filter(user__organisation_id=business).update(organisation_id=business)
        for business in Subscriber.objects.exclude(organisation=None).values_list(
            "organisation_id", flat=True
        ).distinct():
            pending.filter(user=None, subscriber__organisation_id=business).update(
                organisation_id=business
            )


def forwards(apps, schema_editor):
    _subscribers(apps)
    _messages(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("messaging", "0005_messages_per_business"),
        ("ops", "0001_accounts_to_their_business"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
