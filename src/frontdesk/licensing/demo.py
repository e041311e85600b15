"""Infacta in the demo (issue 5, §7): the organisation, two products with releases and small
generated files, an e-commerce partner with its signing secret, and a customer whose licence
came from a partner notification and who has already taken some downloads. Loaded through the
same services as real use, so the audit log, the quota counters and the e-mails are real.

Infacta is a business of its own (its host `infacta.localhost` in the demo): every account
made here is Infacta's, and everything is loaded bound to it, as a request on its host would be.
`ops.demo` (a higher layer) calls `seed_software(password=...)` and prints the logins.
"""

from __future__ import annotations

import tempfile
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction

from frontdesk.access import services as access
from frontdesk.access.models import Organisation
from frontdesk.core import clock, context, tenancy
from frontdesk.core.demo import DemoLogin
from frontdesk.identity import services as identity
from frontdesk.identity.models import User
from frontdesk.licensing import services, storage
from frontdesk.licensing.models import Licence, Partner, Product, ReleaseFile
from frontdesk.licensing.notices import Contact, Order, PurchaseNotice

INFACTA = "infacta"
# What Infacta is as a controller: the modules it uses, who writes and answers for it, and the
# companies its customers' data goes to (the declarations say what each receives).
INFACTA_DETAILS: dict[str, Any] = {
    "name": "Infacta",
    "modules": ["licensing", "support", "promotions", "misuse"],
    "accent_colour": "#7a3e9d",
    "email_sender": "hello@infacta.demo",
    "privacy_contact": "privacy@infacta.demo",
    "security_contact": "security@infacta.demo",
    "processors": {
        "partners": "Plimus, Emetrix and RegSoft (the e-commerce partners selling our licences)",
        "mailing": "Brevo SAS (our mailing company)",
    },
}
CUSTOMER = "customer@infacta.demo"
PARTNER = "plimus"
# (code, name, update days, downloads per release, [(version, days ago, notes, [files])])
PRODUCTS = [
    (
        "GM-PRO",
        "Group Mail Pro",
        365,
        5,
        [
            ("5.0", 400, "The first release of version 5.", ["groupmail-5.0-setup.exe"]),
            (
                "5.1",
                30,
                "Faster sending; a new address-book importer.",
                ["groupmail-5.1-setup.exe", "groupmail-5.1-manual.pdf"],
            ),
        ],
    ),
    ("IS-STD", "InfaSync", 180, 3, [("2.4", 60, "Two-way sync.", ["infasync-2.4.zip"])]),
]


def _demo_bytes(name: str, version: str) -> bytes:
    """A small file standing in for an installer: a few kilobytes of readable text."""
    line = f"Infacta demo file {name}, version {version}: not a real program.\n"
    return line.encode() * 200


def _products(organisation: Organisation, workdir: Path) -> None:
    for code, name, days, quota, releases in PRODUCTS:
        product = services.product_create(
            actor=None,
            organisation=organisation,
            code=code,
            name=name,
            update_period_days=days,
            downloads_per_release=quota,
        )
        for version, days_ago, notes, files in releases:
            release = services.release_create(
                actor=None,
                product=product,
                version=version,
                released_at=clock.now() - timedelta(days=days_ago),
                notes=notes,
            )
            for file_name in files:
                source = workdir / file_name
                source.write_bytes(_demo_bytes(file_name, version))
                # A database made afresh over an old var/ finds the old copy: it is demo data.
                stored = storage.target_of(product_code=code, version=version, name=file_name)
                storage.discard(str(stored))
                services.release_file_add(actor=None, release=release, source=source)


def infacta() -> Organisation:
    """Infacta, made on first use with its details (whichever of the software area's seeds
    runs first)."""
    organisation = Organisation.objects.filter(slug=INFACTA).first()
    if organisation is None:
        organisation = access.organisation_create(slug=INFACTA, **INFACTA_DETAILS)
    return organisation


def _customer(password: str, partner: Partner) -> User:
    """A buyer notified by the partner a month ago, who set a password and downloaded twice.
    Registered on Infacta's host (bound to it), so the account is Infacta's."""
    customer = identity.user_register(email=CUSTOMER, password=password)
    customer.full_name = "Ada Lovelace"
    customer.save(update_fields=["full_name"])
    notice = PurchaseNotice(
        event_id="demo-evt-1",
        contact=Contact(email=CUSTOMER, name="Ada Lovelace", company="Analytical Engines Ltd"),
        order=Order(
            reference="PL-100234",
            ordered_at=clock.now() - timedelta(days=35),
            product_code="GM-PRO",
            quantity=1,
            price=Decimal("49.00"),
            currency="USD",
            options='{"delivery": "download"}',
        ),
    )
    services.purchase_record(partner=partner, notice=notice, partner_ip="198.51.100.20")
    visit = context.RequestContext(request_id="demo", ip="203.0.113.61", user_agent=DEMO_BROWSER)
    with context.bound(visit):
        identity.login_succeeded(user=customer)
        licence = Licence.objects.select_related("product").get(user=customer)
        for file in ReleaseFile.objects.filter(release__product=licence.product).order_by("pk")[:2]:
            services.download_serve(user=customer, licence=licence, file=file)
    return customer


DEMO_BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Firefox/128.0"


@transaction.atomic
def seed_software(*, password: str) -> list[DemoLogin]:
    """Load Infacta's customer area once (later runs find it and only list the logins)."""
    organisation = infacta()
    with tenancy.bound(organisation.tenant):
        if not Product.objects.exists():
            _load(organisation, password)
        return _logins(organisation, password)


def _load(organisation: Organisation, password: str) -> None:
    with tempfile.TemporaryDirectory() as workdir:
        _products(organisation, Path(workdir))
    partner, _ = services.partner_create(
        actor=None,
        organisation=organisation,
        code=PARTNER,
        name="Plimus",
        privacy_url="https://www.plimus.com/jsp/privacy.htm",
    )
    _customer(password, partner)


def _logins(organisation: Organisation, password: str) -> list[DemoLogin]:
    partner = Partner.objects.get(code=PARTNER)
    products = ", ".join(
        Product.objects.filter(organisation=organisation).values_list("code", flat=True)
    )
    return [
        DemoLogin(
            CUSTOMER,
            password,
            "Infacta customer: licence with unlock code, downloads left, sign-in history",
            ["/software/", "/software/history/"],
            business=INFACTA,
        ),
        DemoLogin(
            f"(partner {PARTNER})",
            partner.secret,
            f"Infacta's e-commerce partner: its webhook signing secret (products {products})",
            [f"/licensing/partners/{PARTNER}/purchases"],
            business=INFACTA,
        ),
        DemoLogin(
            "(buyers)",
            "-",
            "A signed partner notification opens an account; its e-mail sets the password",
            ["/software/login/", "/software/cookies/"],
            business=INFACTA,
        ),
    ]
