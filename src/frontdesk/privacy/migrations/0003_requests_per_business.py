"""Tenancy (issue 9, FD-16): every privacy request belongs to a business, the controller of
the account it is about. Existing requests take their account's business (the accounts were
placed in their businesses by `ops.0001_accounts_to_their_business`); a request about an
operator's account belongs to no business."""

import django.db.models.deletion
from django.db import migrations, models

import frontdesk.core.tenancy


def forwards(apps, schema_editor):
    PrivacyRequest = apps.get_model("privacy", "PrivacyRequest")
    User = apps.get_model("identity", "User")
    accounts = PrivacyRequest.objects.values_list("user_id", flat=True).distinct()
    for user_id, business_id in User.objects.filter(pk__in=accounts).values_list(
        "pk", "organisation_id"
    ):
        PrivacyRequest.objects.filter(user_id=user_id).update(organisation_id=business_id)


class Migration(migrations.Migration):
    dependencies = [
        ("access", "0003_businesses_as_tenants"),
        ("identity", "0005_accounts_per_business"),
        ("ops", "0001_accounts_to_their_business"),
        ("privacy", "0002_sealed_personal_data"),
    ]

    operations = [
        migrations.AddField(
            model_name="privacyrequest",
            name="organisation",
            field=models.ForeignKey(
                blank=True,
                default=frontdesk.core.tenancy.business_id,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="access.organisation",
            ),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
