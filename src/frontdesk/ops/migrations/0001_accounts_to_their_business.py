"""Tenancy (issue 9): every existing account lands in the business it belongs to, and every
business gets the modules its data shows it uses.

An account's business is the one it holds a grant of (staff), else the one its records are at:
queue tickets, shop orders, licences and purchases, support requests, promotion registrations.
An account with none of these stays an operator's account (no business). An account with
records at several businesses goes to the first found in that order (the demo has none).
"""

from django.db import migrations

SOURCES = [
    # (app, model, lookup from the row to its business, the row's user field)
    ("access", "Grant", "organisation_id", "user_id"),
    ("queues", "Ticket", "queue__organisation_id", "user_id"),
    ("shop", "Order", "organisation_id", "user_id"),
    ("licensing", "Licence", "product__organisation_id", "user_id"),
    ("licensing", "Purchase", "product__organisation_id", "user_id"),
    ("support", "Ticket", "organisation_id", "requester_id"),
    ("promotions", "Registration", "offer__organisation_id", "user_id"),
]

MODULE_SOURCES = [
    ("queues", "Queue", "organisation_id", "queues"),
    ("shop", "Shop", "organisation_id", "shop"),
    ("licensing", "Product", "organisation_id", "licensing"),
    ("support", "Team", "organisation_id", "support"),
    ("promotions", "Offer", "organisation_id", "promotions"),
]


def forwards(apps, schema_editor):
    User = apps.get_model("identity", "User")
    found: dict[int, int] = {}
    for app, model, business, user in SOURCES:
        rows = apps.get_model(app, model).objects.exclude(**{f"{user}__isnull": True})
        for user_id, business_id in rows.values_list(user, business).distinct():
            found.setdefault(user_id, business_id)
    for user_id, business_id in found.items():
        User.objects.filter(pk=user_id, organisation__isnull=True).update(
            organisation_id=business_id
        )
    Organisation = apps.get_model("access", "Organisation")
    for organisation in Organisation.objects.all():
        modules = set(organisation.modules or [])
        for app, model, business, module in MODULE_SOURCES:
            if apps.get_model(app, model).objects.filter(**{business: organisation.pk}).exists():
                modules.add(module)
        if "licensing" in modules:
            modules.add("misuse")
        organisation.modules = sorted(modules)
        organisation.save(update_fields=["modules"])


class Migration(migrations.Migration):
    dependencies = [
        ("identity", "0005_accounts_per_business"),
        ("access", "0003_businesses_as_tenants"),
        ("queues", "0003_sealed_personal_data"),
        ("shop", "0004_remove_product_image"),
        ("licensing", "0001_initial"),
        ("support", "0001_initial"),
        ("promotions", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
