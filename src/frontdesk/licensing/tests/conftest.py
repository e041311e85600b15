"""Licensing fixtures on top of the root conftest: Infacta's organisation with a product (two
releases with real files in a temporary downloads root), an e-commerce partner and its
secret, helpers that sign and send a partner's purchase notification the way a partner does,
and a buyer whose licence came from one."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from frontdesk.access import services as access
from frontdesk.core import clock
from frontdesk.identity.models import User
from frontdesk.licensing import services, signing
from frontdesk.licensing.models import Licence, Partner, Product, ReleaseFile

BUYER = "ada.buyer@example.test"
PARTNER_IP = "198.51.100.20"
CUSTOMER_IP = "203.0.113.45"


@dataclass
class Shelf:
    """What Infacta sells in the tests."""

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
    infacta = access.organisation_create(name="Infacta", slug="infacta")
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
    return Shelf(product, files[0], files[1], partner, secret)


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
def notify(client, shelf):
    """notify(data, **options): send a signed notification through the test client."""

    def call(data: dict[str, Any] | bytes, **options: Any) -> Any:
        return send(client, shelf, data, **options)

    return call


@pytest.fixture
def buyer(shelf, notify, password) -> User:
    """A customer whose licence came from a partner notification, with a password set."""
    assert notify(payload()).status_code == 200
    user = User.objects.with_email(BUYER).get()
    user.set_password(password)
    user.save(update_fields=["password"])
    return user


@pytest.fixture
def licence(buyer) -> Licence:
    return Licence.objects.select_related("product").get(user=buyer)


def area_client(user: User) -> Client:
    """A browser signed in as `user` from CUSTOMER_IP (not through the area's login page)."""
    browser = Client(
        REMOTE_ADDR=CUSTOMER_IP, HTTP_USER_AGENT="Mozilla/5.0 (X11; Linux) Firefox/128.0"
    )
    browser.force_login(user)
    return browser
