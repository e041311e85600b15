"""FD-1: the data map is complete. Every stored field that looks personal is declared (or
explained away as not personal), every declaration names a real field, and every cookie the
suite sees set is declared (the check runs at the end of the session, see conftest.py)."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from frontdesk.core import declarations


@pytest.mark.promise("FD-1")
def test_every_personal_looking_field_is_declared():
    # when
    missing = declarations.undeclared_personal_fields(
        declarations.concrete_fields(),
        declared=declarations.declared_fields(),
        exempt=declarations.not_personal(),
    )
    # then
    assert missing == [], f"Declare these in the app's privacy.py: {missing}"


@pytest.mark.promise("FD-1")
def test_a_new_undeclared_personal_field_is_caught():
    # given: a model gains fields nobody declared
    phone: models.CharField[str, str] = models.CharField(max_length=20)
    phone.set_attributes_from_name("mobile_phone")
    upload = models.FileField()
    upload.set_attributes_from_name("attachment")
    remark: models.TextField[str, str] = models.TextField()
    remark.set_attributes_from_name("remark")
    count: models.IntegerField[int, int] = models.IntegerField()
    count.set_attributes_from_name("visits")
    fields = [("shop.order", phone), ("shop.order", upload), ("shop.order", remark)]
    # when
    missing = declarations.undeclared_personal_fields(
        [*fields, ("shop.order", count)], declared=set(), exempt=set()
    )
    # then: each personal-looking one is named, the count is not
    assert missing == ["shop.order.attachment", "shop.order.mobile_phone", "shop.order.remark"]
    # and declaring one takes it off the list
    assert "shop.order.mobile_phone" not in declarations.undeclared_personal_fields(
        fields, declared={("shop.order", "mobile_phone")}, exempt=set()
    )


@pytest.mark.promise("FD-1")
def test_every_declaration_names_a_real_field():
    for item in declarations.personal_data():
        model = apps.get_model(item.model)
        for name in item.fields:
            try:
                model._meta.get_field(name)
            except FieldDoesNotExist:
                pytest.fail(f"{item.model} has no field {name!r}")
        if item.retention.clock:
            model._meta.get_field(item.retention.clock)
        assert item.purpose
        assert item.category


@pytest.mark.promise("FD-1", "IN-6")
def test_a_cookie_nobody_declared_is_caught():
    # given: the suite saw the session cookie and one nobody declared
    from django.conf import settings

    seen = {settings.SESSION_COOKIE_NAME: "/account/login/", "tracker": "/shop/"}
    # then
    assert declarations.undeclared_cookies(seen) == {"tracker": "/shop/"}


@pytest.mark.promise("FD-1", "IN-6")
@pytest.mark.django_db
def test_public_pages_set_only_the_session_cookie_and_the_suite_records_it(client, location):
    # given
    from conftest import COOKIES_SET
    from django.conf import settings

    from frontdesk.queues import services as queues

    queue = queues.queue_create(actor=None, location=location, name="Desk")
    # when: a visitor without an account looks around and joins the queue
    pages = ["/", "/account/login/", f"/q/{queue.public_token}/", "/.well-known/security.txt"]
    set_here = set()
    for page in pages:
        set_here |= set(client.get(page).cookies)
    joined = client.post(f"/q/{queue.public_token}/", {"name": "Ada"}, follow=True)
    set_here |= set(joined.cookies)
    # then: the anonymous session cookie (an identifier only) and nothing else
    assert set_here == {settings.SESSION_COOKIE_NAME}
    assert settings.SESSION_COOKIE_NAME in COOKIES_SET


@pytest.mark.promise("QM-2")
@pytest.mark.django_db
def test_data_is_used_only_for_declared_purposes(customer):
    # given: every declaration states its purpose (the published policy lists them)
    assert all(item.purpose.strip() for item in declarations.personal_data())
    # then: a message for a purpose nobody declared cannot be sent at all
    from frontdesk.messaging.email import email_send
    from frontdesk.messaging.purposes import UnknownPurposeError

    with pytest.raises(UnknownPurposeError):
        email_send(user=customer, purpose="profiling", subject="About you", body_text="...")


# What QM-2 allows the shops' personal data to be used for: processing orders, personalising
# the shop (the pre-filled order form; no message), and news and promotions with consent.
SHOP_MESSAGE_PURPOSES = {"order", "marketing", "announcements"}
SHOP_APPS = ("shop", "payments", "insights")


def _message_purposes(app: str) -> set[str]:
    """Every literal `purpose=` passed in a call anywhere in the app's own code (not tests)."""
    import ast
    from pathlib import Path

    import frontdesk

    found: set[str] = set()
    root = Path(frontdesk.__file__).parent / app
    for source in root.rglob("*.py"):
        if "tests" in source.parts or "migrations" in source.parts:
            continue
        for node in ast.walk(ast.parse(source.read_text())):
            if isinstance(node, ast.Call):
                found |= {
                    keyword.value.value
                    for keyword in node.keywords
                    if keyword.arg == "purpose"
                    and isinstance(keyword.value, ast.Constant)
                    and isinstance(keyword.value.value, str)
                }
    return found


@pytest.mark.promise("QM-2")
def test_the_shops_send_messages_only_for_orders_and_consented_promotions():
    # given: every purpose the shop, payment and insights code sends a message for
    from frontdesk.messaging.purposes import EMAIL_PURPOSES

    used = {purpose for app in SHOP_APPS for purpose in _message_purposes(app)}
    used &= set(EMAIL_PURPOSES)  # a declaration's purpose text is not a message purpose
    # then: orders, and consented news and promotions; nothing else
    assert used, "the scan found the order e-mails"
    assert used <= SHOP_MESSAGE_PURPOSES
    assert not any(EMAIL_PURPOSES[name].transactional for name in used - {"order"})
