"""The export is complete by construction (IN-21, FD-9): for EVERY declaration tied to an
account, the person's rows appear with every declared field. The test iterates the
declarations, so a new one fails here until the test plants a row of it (`PLANTERS`) — and
then the export shows it without any change to the export itself."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from conftest import default_business, make_user
from django.apps import apps
from django.db import transaction
from django.db.models import (
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    DecimalField,
    EmailField,
    Field,
    ForeignKey,
    GenericIPAddressField,
    IntegerField,
    JSONField,
    Model,
    TextField,
    UUIDField,
)
from django_otp.plugins.otp_totp.models import TOTPDevice

from frontdesk.access import services as access
from frontdesk.access.models import Organisation
from frontdesk.audit.services import audit_record
from frontdesk.core import clock, context, tenancy
from frontdesk.core.declarations import Basis, PersonalData, Retention, personal_data
from frontdesk.identity import services as identity
from frontdesk.identity.models import LoginAttempt, User
from frontdesk.privacy import export, services
from frontdesk.privacy.models import PrivacyRequest

BROWSER = "PlantedBrowser/7.1"
MAX_DEPTH = 3
IP = "198.51.100.23"


def _plant_login_attempt(user: User) -> None:
    with context.bound(context.RequestContext(request_id="r1", ip=IP, user_agent=BROWSER)):
        identity.login_succeeded(user=user)
        identity.login_attempt_record(user=user, outcome=LoginAttempt.Outcome.FAILED)


def _plant_totp(user: User) -> None:
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def _plant_request(user: User) -> None:
    services.privacy_request_create(
        actor=user, user=user, kind="correction", details="My surname is spelt Custommer."
    )


def _plant_ticket(user: User) -> None:
    """A queue ticket the person took while signed in (queues sit above privacy: by registry)."""
    organisation = user.organisation
    assert organisation is not None  # a customer of a business
    location = access.location_create(actor=None, organisation=organisation, name="Desk")
    queue = apps.get_model("queues", "Queue").objects.create(
        organisation=organisation, location=location, name="Desk", slug=f"desk-{user.pk}"
    )
    apps.get_model("queues", "Ticket").objects.create(
        queue=queue, number=1, name=f"planted name {user.pk}", phone="+447700900123", user=user
    )


def _plant_shop(user: User) -> None:
    """An order, a cart with a line, a saved basket with a line and an address of the person
    (the shop sits above privacy: by registry)."""

    def model(name: str) -> Any:
        return apps.get_model("shop", name)

    organisation = user.organisation
    shop = model("Shop").objects.create(
        organisation=organisation, name="Shop", slug=f"shop-{user.pk}", order_prefix=f"S{user.pk}"
    )
    vendor = model("Vendor").objects.create(shop=shop, name="Vendor", slug="vendor")
    product = model("Product").objects.create(
        shop=shop, vendor=vendor, name="Roses", slug="roses", price=10, stock=5
    )
    details = {
        "contact_name": f"planted name {user.pk}",
        "email": f"planted-{user.pk}@example.test",
        "phone": "+447700900124",
        "shipping_street": "1 Planted Street",
        "billing_street": "2 Planted Road",
    }
    checkout = model("Checkout").objects.create(shop=shop, total=10, currency="EUR")
    model("Order").objects.create(
        checkout=checkout,
        organisation=organisation,
        shop=shop,
        vendor=vendor,
        user=user,
        number=f"S{user.pk}-1",
        total=10,
        currency="EUR",
        buyer_ip=IP,
        **details,
    )
    cart = model("Cart").objects.create(shop=shop, user=user, **details)
    model("CartLine").objects.create(cart=cart, product=product, quantity=2)
    basket = model("SavedBasket").objects.create(user=user, shop=shop, vendor=vendor)
    model("SavedBasketLine").objects.create(basket=basket, product=product, quantity=1)
    model("Address").objects.create(
        user=user,
        kind="shipping",
        name="Planted",
        street="1 Planted Street",
        postcode="N1",
        city="London",
        phone="+447700900125",
    )


def _plant_licensing(user: User) -> None:
    """A partner purchase of the person, its licence, a download and its counter, and a
    remembered browser (licensing sits above privacy: by registry)."""

    def model(name: str) -> Any:
        return apps.get_model("licensing", name)

    organisation = user.organisation
    partner = model("Partner").objects.create(
        organisation=organisation, code=f"partner-{user.pk}", name="Partner", secret="s" * 20
    )
    product = model("Product").objects.create(
        organisation=organisation, code=f"P{user.pk}", name="Prog"
    )
    release = model("Release").objects.create(product=product, version="1.0")
    file = model("ReleaseFile").objects.create(
        release=release, name="p.zip", size=1, sha256="0" * 64, storage_path=f"p/{user.pk}.zip"
    )
    purchase = model("Purchase").objects.create(
        partner=partner,
        product=product,
        user=user,
        reference=f"R{user.pk}",
        ordered_at=clock.now(),
        quantity=1,
        price=10,
        currency="USD",
        options='{"delivery": "planted"}',
        contact_name=f"planted name {user.pk}",
        contact_email=f"planted-buyer-{user.pk}@example.test",
        contact_company="Planted Ltd",
        partner_ip=IP,
    )
    licence = model("Licence").objects.create(
        user=user,
        product=product,
        purchase=purchase,
        unlock_code=f"PLANT-{user.pk:05d}-CODE",
        updates_until=clock.now(),
    )
    model("DownloadCount").objects.create(licence=licence, release=release, used=1)
    model("Download").objects.create(user=user, licence=licence, file=file, ip=IP)
    model("RememberedAccount").objects.create(user=user, token_hash=f"{user.pk:064d}")


def _plant_support(user: User) -> None:
    """A support request of the person with a message, a diagnostic report and a fraud
    reason, and a suggestion they sent (support sits above privacy: by registry)."""

    def model(name: str) -> Any:
        return apps.get_model("support", name)

    organisation = user.organisation
    team = model("Team").objects.create(
        organisation=organisation, name="Help", slug=f"help-{user.pk}"
    )
    ticket = model("Ticket").objects.create(
        organisation=organisation,
        team=team,
        requester=user,
        subject=f"planted subject {user.pk}",
        purchase_reference=f"planted order {user.pk}",
        fraud_reason=f"planted suspicion {user.pk}",
    )
    model("Message").objects.create(ticket=ticket, author=user, body=f"planted body {user.pk}")
    model("Attachment").objects.create(
        ticket=ticket, kind="diagnostic", filename="d.txt", content=f"planted log {user.pk}", size=1
    )
    model("Feedback").objects.create(team=team, user=user, body=f"planted idea {user.pk}")


def _plant_promotions(user: User) -> None:
    """A promotion registration of the person and a misuse case about them (both apps sit
    above privacy: by registry)."""
    organisation = user.organisation
    product = apps.get_model("licensing", "Product").objects.create(
        organisation=organisation, code=f"PP{user.pk}", name="Promoted"
    )
    offer = apps.get_model("promotions", "Offer").objects.create(
        organisation=organisation,
        product=product,
        name="Offer",
        code=f"offer-{user.pk}",
        uses_limit=1,
        starts_at=clock.now(),
        ends_at=clock.now(),
    )
    apps.get_model("promotions", "Registration").objects.create(
        offer=offer,
        user=user,
        contact_name=f"planted promo name {user.pk}",
        contact_email=f"planted-promo-{user.pk}@example.test",
        ip=IP,
        termination_reason=f"planted termination {user.pk}",
    )
    apps.get_model("misuse", "Case").objects.create(
        organisation=organisation,
        user=user,
        kind="credential_sharing",
        evidence={"networks": 4},
        notes=f"planted misuse note {user.pk}",
    )


# Planters for models whose rows need more than `_plant_generic` can make. Every other
# declaration tied to an account gets a generic row; one it cannot make fails
# `test_every_declaration_tied_to_an_account_is_in_the_export` until a planter is added here.
PLANTERS: dict[str, Callable[[User], None]] = {
    "identity.user": lambda user: None,  # the account itself
    "identity.loginattempt": _plant_login_attempt,
    "otp_totp.totpdevice": _plant_totp,
    "privacy.privacyrequest": _plant_request,
    "queues.ticket": _plant_ticket,
    "shop.order": _plant_shop,
    **dict.fromkeys(
        ["shop.cart", "shop.cartline", "shop.savedbasket", "shop.savedbasketline", "shop.address"],
        lambda user: None,  # planted with the order
    ),
    "licensing.purchase": _plant_licensing,
    **dict.fromkeys(
        [
            "licensing.licence",
            "licensing.downloadcount",
            "licensing.download",
            "licensing.rememberedaccount",
        ],
        lambda user: None,  # planted with the purchase
    ),
    "support.ticket": _plant_support,
    **dict.fromkeys(
        ["support.message", "support.attachment", "support.feedback"],
        lambda user: None,  # planted with the request
    ),
    "promotions.registration": _plant_promotions,
    "misuse.case": lambda user: None,  # planted with the registration
}


# A planted value per field type, most specific type first (an EmailField is a CharField).
VALUES: list[tuple[type[Field[Any, Any]], Callable[[Field[Any, Any], User], Any]]] = [
    (BooleanField, lambda field, user: True),
    (EmailField, lambda field, user: f"planted-{field.name}-{user.pk}@example.test"),
    (GenericIPAddressField, lambda field, user: "192.0.2.10"),
    (DateTimeField, lambda field, user: clock.now()),
    (DateField, lambda field, user: clock.now().date()),
    (IntegerField, lambda field, user: 1),
    (DecimalField, lambda field, user: 1),
    (JSONField, lambda field, user: {"planted": True}),
    (UUIDField, lambda field, user: uuid.uuid4()),
    (CharField, lambda field, user: f"planted {field.name} {user.pk}"[: field.max_length]),
    (TextField, lambda field, user: f"planted {field.name} {user.pk}"),
]


def _value(field: Field[Any, Any], user: User, depth: int) -> Any:
    if isinstance(field, ForeignKey):
        if field.related_model is User:
            return user
        if depth >= MAX_DEPTH:
            raise LookupError(f"cannot make a {field.related_model} for {field}")
        related = field.related_model
        assert not isinstance(related, str)
        return _plant_row(related, user, depth=depth + 1)
    if field.choices:
        return field.choices[0][0]
    for kind, make in VALUES:
        if isinstance(field, kind):
            return make(field, user)
    raise LookupError(f"no planted value for {field}")


def _plant_row(
    model: type[Model], user: User, *, wanted: tuple[str, ...] = (), depth: int = 0
) -> Model:
    """A row of `model`: the `wanted` fields and every required one filled with a value of the
    field's type; required foreign keys get rows of their own, made the same way."""
    values: dict[str, Any] = {}
    for field in model._meta.concrete_fields:
        required = not (field.null or field.has_default() or field.primary_key)
        if field.name in wanted or required:
            values[field.name] = _value(field, user, depth)
    # A row at the person's business, where its own column names it ("organisation_id").
    scope = getattr(model, "BUSINESS_SCOPE", "")
    if scope and "__" not in scope:
        column = model._meta.get_field(scope)
        values.pop(column.name, None)
        values[column.attname] = user.organisation_id  # type: ignore[union-attr]
    return model._default_manager.create(**values)


def _plant_generic(item: PersonalData, user: User) -> None:
    """A row of the declaration's model about `user`, its declared fields filled."""
    if "__" in item.subject:
        raise LookupError(f"the subject path {item.subject!r} needs its own planter")
    _plant_row(apps.get_model(item.model), user, wanted=(item.subject, *item.fields))


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _person(email: str, name: str, organisation: Organisation | None = None) -> User:
    """A person of `organisation` (default Acme) with rows of every declaration tied to an
    account, all at their business: planted as requests at its host would make them."""
    user = make_user(email, full_name=name, organisation=organisation or default_business())
    with tenancy.bound(tenancy.Tenant(user.organisation_id)):
        for planter in PLANTERS.values():
            planter(user)
        planted = set(PLANTERS)
        for item in personal_data():
            if item.subject and item.model.lower() not in planted:
                planted.add(item.model.lower())
                try:
                    _plant_generic(item, user)
                except LookupError as exc:
                    pytest.fail(f"Add a planter for {item.model} to PLANTERS: {exc}")
    return user


def _rows(item: PersonalData, user: User) -> list[Model]:
    manager = apps.get_model(item.model)._default_manager
    if item.subject == "self":
        return list(manager.filter(pk=user.pk))
    return list(manager.filter(**{item.subject: user}))


def _expected(item: PersonalData, row: Model, name: str) -> Any:
    if item.category.startswith("secret."):
        return export.WITHHELD
    return export._plain(getattr(row, name))


@pytest.mark.promise("IN-21", "FD-9")
@pytest.mark.django_db
def test_every_declaration_tied_to_an_account_is_in_the_export():
    # given: a person with data in every app, and someone else
    user = _person("casey@example.test", "Casey Customer")
    other = _person("olga@example.test", "Olga Other")
    # when
    data = export.export_for(user)
    # then: every declaration with a subject appears with all the person's rows and fields
    sections = {section["model"].lower(): section for section in data["sections"]}
    for item in personal_data():
        if not item.subject:
            continue
        label = item.model.lower()
        rows = _rows(item, user)
        assert rows, f"No {item.model} row about the person was planted."
        section = sections[label]
        assert set(item.fields) <= {f for d in section["declarations"] for f in d["fields"]}
        assert any(d["purpose"] == item.purpose for d in section["declarations"])
        exported = {row["id"]: row for row in section["rows"]}
        assert set(exported) == {row.pk for row in rows}
        for row in rows:
            for name in item.fields:
                assert exported[row.pk][name] == _expected(item, row, name), (label, name)
    # and nothing about the other person
    assert "olga" not in str(data).lower()
    assert other.pk not in {row["id"] for row in sections["identity.user"]["rows"]}


@pytest.mark.promise("IN-21", "FD-9")
@pytest.mark.django_db
def test_the_planted_values_are_in_the_export():
    # given
    user = _person("casey@example.test", "Casey Customer")
    # when
    text = str(export.export_for(user))
    # then
    for value in ("casey@example.test", "Casey Customer", BROWSER, IP, "spelt Custommer"):
        assert value in text
    device = TOTPDevice.objects.get(user=user)
    assert device.key not in text  # the second-factor secret is named, never copied


@pytest.mark.promise("IN-21", "FD-9")
@pytest.mark.django_db
def test_data_not_tied_to_an_account_is_listed_with_how_to_find_it():
    # given
    user = _person("casey@example.test", "Casey Customer")
    # when
    not_linked = {item["model"].lower(): item for item in export.export_for(user)["not_linked"]}
    # then
    for item in personal_data():
        if not item.subject:
            assert item.model.lower() in not_linked
            assert not_linked[item.model.lower()]["how_to_find"]
    assert "phone number" in not_linked["messaging.smsoptout"]["how_to_find"]


@pytest.mark.promise("IN-21", "FD-9")
@pytest.mark.django_db
def test_audit_events_about_the_person_are_in_the_export_and_others_are_not():
    # given
    user = _person("casey@example.test", "Casey Customer")
    other = make_user("olga@example.test")
    with transaction.atomic():
        audit_record(actor=other, action="identity.password.changed", target=other)
    # when
    events = export.export_for(user)["audit_events"]
    # then
    actions = [event["action"] for event in events]
    assert "identity.login.succeeded" in actions
    assert "privacy.request.received" in actions
    assert "identity.password.changed" not in actions
    signed_in = next(e for e in events if e["action"] == "identity.login.succeeded")
    assert signed_in["description"] == "Signed in"
    # the log keeps no address in the clear (FD-2): the sign-in's address is in the sign-ins
    assert signed_in["ip"] is None
    assert IP not in str(events)


@pytest.mark.promise("IN-21")
@pytest.mark.django_db
def test_a_new_declaration_is_exported_without_changing_the_export():
    # given: a declaration nobody wrote yet
    user = _person("casey@example.test", "Casey Customer")
    new = PersonalData(
        model="identity.LoginAttempt",
        fields=("outcome",),
        category="network.outcome",
        purpose="A purpose written today.",
        basis=Basis.LEGITIMATE_INTERESTS,
        retention=Retention(starts="now", days=1, clock="created_at"),
        subject="user",
    )
    # when
    [section] = export._linked_sections(user, [new])
    # then
    assert section["declarations"][0]["purpose"] == "A purpose written today."
    assert {row["outcome"] for row in section["rows"]} == {"succeeded", "failed"}


@pytest.mark.promise("FD-9")
@pytest.mark.django_db
def test_the_request_declaration_covers_its_free_text():
    # then: the details a person writes are declared personal data of their request
    [item] = [i for i in personal_data() if i.model == "privacy.PrivacyRequest"]
    assert {"details", "refusal_reason"} <= set(item.fields)
    assert item.subject == "user"
    assert PrivacyRequest._meta.get_field("details")


def _staff_member() -> User:
    return make_user("agent@acme.test", staff=True, full_name="Agnes Agent")


def _about(row: Model) -> dict[str, str]:
    return {
        "model": row._meta.label,
        "title": f"{row._meta.app_config.verbose_name}: {row._meta.verbose_name}",
        "id": str(row.pk),
    }


@pytest.mark.promise("FD-9", "IN-21")
@pytest.mark.django_db
def test_staff_reads_of_the_persons_order_and_ticket_are_in_their_export():
    # given: staff read the person's order and queue ticket, and another person's order
    user = _person("casey@example.test", "Casey Customer")
    other = _person("olga@example.test", "Olga Other")
    staff = _staff_member()
    order = apps.get_model("shop", "Order").objects.get(user=user)
    ticket = apps.get_model("queues", "Ticket").objects.get(user=user)
    with transaction.atomic():
        audit_record(
            actor=staff,
            action="shop.order.viewed",
            target=order,
            details={"number": order.number, "sections": ["contact"]},
        )
        audit_record(
            actor=staff,
            action="queues.ticket.contact_viewed",
            target=ticket,
            details={"queue_id": ticket.queue_id, "number": ticket.number, "had_phone": True},
        )
        audit_record(
            actor=staff,
            action="shop.order.viewed",
            target=apps.get_model("shop", "Order").objects.get(user=other),
        )
    # when
    events = export.export_for(user)["audit_events"]
    # then: each read is there once, as done by us to that record
    by_us = [(event["action"], event["about"]) for event in events if not event["by_you"]]
    assert by_us.count(("shop.order.viewed", _about(order))) == 1
    assert by_us.count(("queues.ticket.contact_viewed", _about(ticket))) == 1
    assert [action for action, _ in by_us].count("shop.order.viewed") == 1
    read = next(event for event in events if event["action"] == "shop.order.viewed")
    assert read["description"] == "Customer's order read by staff"


@pytest.mark.promise("FD-9", "IN-21")
@pytest.mark.django_db
def test_events_about_any_record_of_the_person_in_any_app_are_in_their_export():
    # given: an event by staff about one row of every declaration tied to an account, for the
    # person and for someone else
    user = _person("casey@example.test", "Casey Customer")
    other = _person("olga@example.test", "Olga Other")
    staff = _staff_member()
    rows: dict[str, Model] = {}
    # staff act at the person's business (its host), so the events join its chain
    with tenancy.bound(tenancy.Tenant(user.organisation_id)), transaction.atomic():
        for item in personal_data():
            if item.subject and item.model.lower() not in rows:
                mine, theirs = _rows(item, user)[0], _rows(item, other)[0]
                rows[item.model.lower()] = mine
                for row in (mine, theirs):
                    audit_record(actor=staff, action="audit.log.viewed", target=row)
    # when
    events = export.export_for(user)["audit_events"]
    # then: exactly the person's records, each once
    about = [event["about"] for event in events if event["action"] == "audit.log.viewed"]
    assert sorted(about, key=str) == sorted((_about(row) for row in rows.values()), key=str)


def person_in_every_app(email: str, name: str, organisation: Organisation | None = None) -> User:
    """A person of `organisation` (default Acme) with rows of every declaration tied to an
    account, planted as the tests here plant them (`PLANTERS`, then a generic row for the
    rest): for tests of other apps."""
    return _person(email, name, organisation)
