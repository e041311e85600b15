"""Licensing fixtures on top of the root conftest: Infacta, a business of its own on
`infacta.localhost`, with a product (two releases with real files in a temporary downloads
root), an e-commerce partner and its secret, helpers that sign and send a partner's purchase
notification to Infacta's host the way a partner does, and a buyer whose licence came from
one (an account at Infacta). Every browser here goes to Infacta's host; Acme (the test
client's default business) is the other business."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import business, host_client
from django.test import Client

from frontdesk.access.models import Organisation
from frontdesk.core import clock, tenancy
from frontdesk.identity.models import User
from frontdesk.licensing import services, signing
from frontdesk.licensing.models import Licence, Partner, Product, ReleaseFile

BUYER = "ada.buyer@example.test"
INFACTA_HOST = "infacta.localhost"
SOFTWARE_MODULES = ["licensing", "support", "promotions", "misuse"]
PARTNER_IP = "198.51.100.20"
CUSTOMER_IP = "203.0.113.45"


@dataclass
class Shelf:
    """What Infacta sells in the tests."""

    organisation: Organisation
    product: Product
    old_file: ReleaseFile  # release 1.0, a year ago
    new_file: ReleaseFile  # release 1.1, a week ago
    partner: Partner
    secret: str


@pytest.fixture
def downloads_root(tmp_path, settings) -> Path:
    root: Path = tmp_path / "downloads"
    settings.FRONTDESK_DOWNLOADS_ROOT = str(root)
    settings.FRONTDESK_DOWNLOADS_ACCEL_PREFIX = ""
    return root


@pytest.fixture
def shelf(db, tmp_path, downloads_root) -> Shelf:
    infacta = business("Infacta", "infacta", modules=SOFTWARE_MODULES)
    product = services.product_create(
        actor=None,
        organisation=infacta,
        code="GM-PRO",
        name="Group Mail Pro",
        update_period_days=365,
        downloads_per_release=2,
    )
    files = []
    for version, days_ago in (("1.0", 400), ("1.1", 7)):
        release = services.release_create(
            actor=None,
            product=product,
            version=version,
            released_at=clock.now() - timedelta(days=days_ago),
        )
        source = tmp_path / f"groupmail-{version}.exe"
        source.write_bytes(f"installer {version}\n".encode() * 1000)
        files.append(services.release_file_add(actor=None, release=release, source=source))
    partner, secret = services.partner_create(
        actor=None, organisation=infacta, code="plimus", name="Plimus"
    )
    return Shelf(infacta, product, files[0], files[1], partner, secret)


def payload(
    *,
    event_id: str = "evt-1",
    reference: str = "PL-1001",
    email: str = BUYER,
    quantity: int = 1,
    product_code: str = "GM-PRO",
    **extra: Any,
) -> dict[str, Any]:
    """A partner's purchase notification, as JSON-ready data."""
    body: dict[str, Any] = {
        "event_id": event_id,
        "contact": {"name": "Ada Buyer", "email": email, "company": "Engines Ltd"},
        "order": {
            "reference": reference,
            "date": clock.now().isoformat(),
            "product_code": product_code,
            "quantity": quantity,
            "price": "49.00",
            "currency": "USD",
            "options": {"delivery": "download"},
        },
    }
    body.update(extra)
    return body


def send(
    client: Client,
    shelf: Shelf,
    data: dict[str, Any] | bytes,
    *,
    secret: str | None = None,
    timestamp: int | None = None,
    partner_code: str = "plimus",
) -> Any:
    """POST a notification signed the way the partner signs it (with `secret`, at
    `timestamp`: by default the partner's own secret, now)."""
    body = data if isinstance(data, bytes) else json.dumps(data).encode()
    headers = signing.headers_for(
        secret=shelf.secret if secret is None else secret,
        timestamp=int(time.time()) if timestamp is None else timestamp,
        body=body,
    )
    return client.post(
        f"/licensing/partners/{partner_code}/purchases",
        data=body,
        content_type="application/json",
        headers=headers,
        REMOTE_ADDR=PARTNER_IP,
    )


@pytest.fixture
def notify(shelf):
    """notify(data, **options): send a signed notification to Infacta's host."""
    client = host_client(shelf.organisation)

    def call(data: dict[str, Any] | bytes, **options: Any) -> Any:
        return send(client, shelf, data, **options)

    return call


def infacta_account(email: str) -> User:
    """Infacta's account with this address (the same address may have one at Acme too)."""
    with tenancy.bound_to(infacta_id()):
        return User.objects.with_email(email).get()


def infacta_id() -> int:
    return Organisation.objects.values_list("pk", flat=True).get(slug="infacta")


@pytest.fixture
def buyer(shelf, notify, password) -> User:
    """A customer whose licence came from a partner notification (an account at Infacta),
    with a password set."""
    assert notify(payload()).status_code == 200
    user = infacta_account(BUYER)
    user.set_password(password)
    user.save(update_fields=["password"])
    return user


@pytest.fixture
def licence(buyer) -> Licence:
    return Licence.objects.select_related("product").get(user=buyer)


def visitor(**defaults: Any) -> Client:
    """A browser on Infacta's host, not signed in."""
    return Client(HTTP_HOST=INFACTA_HOST, **defaults)


def area_client(user: User) -> Client:
    """A browser on the host of `user`'s business, signed in as them from CUSTOMER_IP (not
    through the area's login page)."""
    browser = host_client(
        user.organisation,
        REMOTE_ADDR=CUSTOMER_IP,
        HTTP_USER_AGENT="Mozilla/5.0 (X11; Linux) Firefox/128.0",
    )
    browser.force_login(user)
    return browser
