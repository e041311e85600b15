"""The order form's details (JF-1, QM-12, FD-8): only what the order needs, each bad field named
with a clear message; the CSV manifest is safe to open in a spreadsheet."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from frontdesk.shop.details import details_clean
from frontdesk.shop.manifest import ManifestRow, manifest_csv
from frontdesk.shop.tests.conftest import GUEST_FORM


def test_good_details_are_tidied():
    details = details_clean(
        {**GUEST_FORM, "contact_name": "  Gina   Guest ", "email": "Gina@Example.test"},
        needs_shipping=True,
    )
    assert details.contact_name == "Gina Guest"
    assert details.email == "gina@example.test"


@pytest.mark.promise("FD-8", "JF-1")
def test_every_bad_field_is_named():
    with pytest.raises(ValidationError) as error:
        details_clean(
            {
                "contact_name": "",
                "email": "not-an-address",
                "phone": "call me",
                "shipping_street": "x" * 201,
            },
            needs_shipping=True,
        )
    errors = error.value.message_dict
    assert set(errors) >= {
        "contact_name",
        "email",
        "phone",
        "shipping_name",
        "shipping_street",
        "shipping_postcode",
        "billing_name",
    }


@pytest.mark.promise("QM-12")
def test_no_delivery_address_is_taken_when_nothing_is_shipped():
    details = details_clean(GUEST_FORM, needs_shipping=False)
    assert details.shipping_street == ""
    assert details.shipping_phone == ""
    assert details.billing_street == GUEST_FORM["billing_street"]


def test_the_billing_address_may_be_the_delivery_address():
    data = {**GUEST_FORM, "billing_same_as_shipping": "on", "billing_street": ""}
    details = details_clean(data, needs_shipping=True)
    assert details.billing_street == GUEST_FORM["shipping_street"]
    assert details.billing_name == GUEST_FORM["shipping_name"]


@pytest.mark.promise("QM-4")
def test_the_manifest_csv_defuses_formulas_but_keeps_phone_numbers():
    row = ManifestRow(
        "QM-1",
        '=HYPERLINK("http://x")',
        "@SUM(A1)",
        "1",
        "London",
        "UK",
        "+44 20 7946 0202",
        1,
        100,
    )
    text = manifest_csv([row])
    assert "'=HYPERLINK" in text
    assert "'@SUM(A1)" in text
    assert ",+44 20 7946 0202," in text
