"""Infacta's promotions and misuse detection in the demo (issue 5, §7): a promotion with a
code, a registration for it, a fraud analyst who manages promotions and reviews misuse cases,
and one case the analysis opened for a promotional account used from four networks in a day
(not held: FRONTDESK_MISUSE_AUTO_HOLD is off by default). Loaded after the customer area,
through the same services as real use, bound to Infacta (every account is Infacta's).

`ops.demo` (a higher layer) calls `seed_misuse(password=...)` and prints the logins."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from frontdesk.access import capabilities as caps
from frontdesk.access import services as access
from frontdesk.access.models import Organisation
from frontdesk.access.scopes import ORGANISATION, Scope
from frontdesk.core import clock, context, tenancy
from frontdesk.core.demo import DemoLogin
from frontdesk.identity import services as identity
from frontdesk.identity.models import User
from frontdesk.licensing.demo import INFACTA, infacta
from frontdesk.licensing.models import Product
from frontdesk.misuse import services
from frontdesk.promotions import services as promotions
from frontdesk.promotions.models import Offer

ANALYST = "analyst@infacta.demo"
PROMO_CODE = "spring-sync"
REGISTRANT = "sam.promo@example.net"
NETWORKS = ["192.0.2.44", "198.51.100.44", "203.0.113.44", "100.64.9.44"]


def _analyst(organisation: Organisation, password: str) -> None:
    user = User.objects.create_user(
        email=ANALYST,
        password=password,
        full_name="Fay Fraud-Analyst",
        is_staff=True,
        organisation=organisation,
    )
    TOTPDevice.objects.create(user=user, name="Demo authenticator", confirmed=True)
    role = access.role_create(
        actor=None,
        organisation=organisation,
        name="Fraud analyst",
        capabilities=[caps.MISUSE_REVIEW, caps.PROMOTIONS_MANAGE],
    )
    access.grant_add(actor=None, user=user, role=role, scope=Scope(ORGANISATION, organisation.pk))


def _promotion(organisation: Organisation) -> None:
    product = Product.objects.get(organisation=organisation, code="IS-STD")
    promotions.offer_create(
        actor=None,
        organisation=organisation,
        product=product,
        name="InfaSync free for spring",
        code=PROMO_CODE,
        uses_limit=100,
        per_person_limit=1,
        starts_at=clock.now() - timedelta(days=10),
        ends_at=clock.now() + timedelta(days=80),
    )
    with context.bound(context.RequestContext(request_id="demo", ip=NETWORKS[0])):
        registration = promotions.registration_create(
            code=PROMO_CODE, name="Sam Promo", email=REGISTRANT
        )
    assert registration is not None  # noqa: S101 - a fresh offer takes its first registration
    user = registration.user
    for ip in NETWORKS:  # the same account signs in from four networks within the window
        with context.bound(context.RequestContext(request_id="demo", ip=ip, user_agent="Demo")):
            identity.login_succeeded(user=user)
    services.business_scan(organisation=organisation)


@transaction.atomic
def seed_misuse(*, password: str) -> list[DemoLogin]:
    """Load once (later runs find the offer and only list the logins). Infacta's products come
    from the customer area's seed (`seed_software`), which runs first."""
    organisation = infacta()
    with tenancy.bound(organisation.tenant):
        if not Offer.objects.filter(code=PROMO_CODE).exists():
            _analyst(organisation, password)
            _promotion(organisation)
    return [
        DemoLogin(
            ANALYST,
            password,
            "Infacta fraud analyst: misuse cases (one open), promotions and their registrations",
            ["/staff/misuse/", "/staff/promotions/"],
            business=INFACTA,
        ),
        DemoLogin(
            "(promotions)",
            "-",
            f"Register for Infacta's promotion with the code {PROMO_CODE}",
            [f"/promotions/{PROMO_CODE}/"],
            business=INFACTA,
        ),
    ]
