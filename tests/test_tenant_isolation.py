"""FD-16, acceptance 2 of the tenancy issue: every URL pattern and API operation that takes an
object id or token answers 404 when an object of one business is asked for on another
business's host, by that business's staff (holding every capability, signed in or with an API
token) or its customers, or by nobody signed in (who may also be sent to sign in, or get 401
from the API).

The test walks the URL conf: a new view with an id or token in its URL fails here until this
file knows where to find such an object (`RESOLVERS`), so no view escapes the matrix. The world
is the demo (four businesses, loaded through the real services), plus the few objects whose
token only exists at the moment it is issued (issued through the real services too).

Beyond the plain case, each route is also asked
- with the asking business's own organisation or shop in the path and A's object in the rest
  (`HOME_PARAMS`), so the first parameter is not the only thing keeping A's objects out;
- by POST where GET answers (a form or a one-click link may act on POST);
- by B's people on A's own host, where B's session or token must count for nothing (the
  answer is the one nobody signed in gets).
A second test shows the matrix is not vacuous: on A's own host, A's people open the objects.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

import pytest
from conftest import default_business, host_client, host_of, make_user, signed_in_client
from django.core import mail
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from frontdesk.access import capabilities as caps
from frontdesk.access import services as access
from frontdesk.access.models import Organisation
from frontdesk.access.scopes import Scope
from frontdesk.identity.models import User
from frontdesk.ops.demo import seed_demo

# Parameters that name no object of a business: the same value means the same on every host.
NOT_AN_OBJECT = {
    ("payments:webhook", "provider"): "the payment provider's name (stripe, demo)",
}


@dataclass(frozen=True)
class Route:
    name: str
    route: str
    params: tuple[str, ...]


def _walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> Iterator[Route]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            groups = tuple(pattern.pattern.regex.groupindex)
            if groups:
                yield Route(f"{namespace}{pattern.name}", prefix + str(pattern.pattern), groups)


def routes() -> list[Route]:
    return list(_walk(get_resolver().url_patterns))


def _fill(route: str, values: dict[str, str]) -> str:
    """The path of `route` (a Django route or a regex) with `values` for its parameters."""
    path = route.lstrip("^").rstrip("$")
    for name, value in values.items():
        # The regex group first: its "<name>" would match the converter pattern too.
        path = re.sub(rf"\(\?P<{name}>[^)]*\)", value, path)
        path = re.sub(rf"<(?:\w+:)?{name}>", value, path)
    return "/" + path.replace("\\", "")


def _path(route: Route, values: dict[str, str]) -> str:
    """`_fill`, checked: the path must reach `route` with exactly `values`, else every 404 the
    matrix sees for it would be vacuous."""
    path = _fill(route.route, values)
    match = resolve(path)
    assert (match.view_name, {k: str(v) for k, v in match.kwargs.items()}) == (route.name, values)
    return path


# --- where each parameter finds an object of its business ----------------------------------
#
# RESOLVERS maps a route name to {parameter: key of the world}; each key of the world is one
# real object (or issued token) of one business, and all keys of one route are of the same
# business, so the route's path names that business's object.

RESOLVERS: dict[str, dict[str, str]] = {
    "identity:unlock": {"token": "unlock_token"},
    "identity:token_revoke": {"token_id": "api_token"},
    "api:token_revoke": {"token_id": "api_token"},
}


def _register(names: list[str], params: dict[str, str]) -> None:
    for name in names:
        assert name not in RESOLVERS, f"{name} is registered twice"
        RESOLVERS[name] = params


def _names(prefix: str, *suffixes: str) -> list[str]:
    return [f"{prefix}{suffix}" for suffix in suffixes]


# The staff area of QLess (the business with locations and queues).
_register(
    _names("staff:", "people", "roles", "audit", "audit_verify", "setup", "policy", "disclosures"),
    {"org_id": "org"},
)
_register(
    _names("staff:", "person", "grant_add", "unlock", "otp_reset"),
    {"org_id": "org", "user_id": "staff_person"},
)
_register(["staff:grant_remove"], {"org_id": "org", "user_id": "staff_person", "grant_id": "grant"})
_register(_names("staff:", "role", "role_delete"), {"org_id": "org", "role_id": "role"})
_register(
    _names("staff:", "setup_location", "setup_queue_add"),
    {"org_id": "org", "location_id": "location"},
)
_register(["staff:setup_queue"], {"org_id": "org", "queue_id": "queue"})
# Queues.
_register(["queues:join", "api:public_join"], {"public_token": "queue_token"})
_register(
    [*_names("queues:", "ticket", "ticket_wait", "ticket_leave"), "api:public_ticket"],
    {"token": "ticket_token"},
)
_register(
    [
        *_names(
            "queues:",
            "board",
            "board_wait",
            "walk_in",
            "activate",
            "deactivate",
            "ticket_action",
            "queue_report",
        ),
        *_names(
            "api:",
            "queue_change",
            "queue_board",
            "walk_in_add",
            "queue_activate",
            "queue_deactivate",
            "queue_report",
        ),
    ],
    {"queue_id": "queue"},
)
_register(
    _names("api:ticket_", "summon", "arrive", "serve", "no_show", "remove"),
    {"ticket_id": "ticket"},
)
_register(["queues:location_report"], {"location_id": "location"})
# The shop (Julie Floral), its staff pages and insights.
_register(
    ["shop:account_order", "shop:staff_order", "shop:staff_order_move", "shop:staff_refund"],
    {"order_id": "order"},
)
_register(["api:staff_order"], {"order_id": "order"})
_register(_names("shop:basket_", "restore", "delete"), {"basket_id": "basket"})
_register(["shop:address_delete"], {"address_id": "address"})
_register(
    [
        *_names("shop:", "home", "cart", "cart_add", "cart_update", "basket_save", "checkout"),
        "shop:order_form",
        *_names("api:", "product_list", "cart_get", "cart_line_set"),
    ],
    {"shop_slug": "shop_slug"},
)
_register(
    ["shop:product", "api:product_detail"],
    {"shop_slug": "shop_slug", "product_slug": "product_slug"},
)
_register(
    _names("shop:checkout_", "status", "cancelled"),
    {"shop_slug": "shop_slug", "public_id": "checkout"},
)
_register(["shop:manifest", "shop:staff_products", "api:manifest"], {"vendor_id": "vendor"})
_register(_names("shop:staff_product", "", "_image_add"), {"product_id": "product"})
_register(_names("shop:staff_product_image_", "remove", "first"), {"image_id": "image"})
_register(["shop:product_image"], {"name": "image_name"})
_register(
    [*_names("insights:", "report", "partner", "promotions", "mailing"), "api:partner_sales"],
    {"shop_id": "shop"},
)
# Support (Infacta): a customer's request by number, a public one by its follow link.
_SUPPORT_PAGES = ("ticket", "reply", "attach", "approve", "resolve", "reopen", "copy")
_register(
    [
        *_names("support:", *_SUPPORT_PAGES),
        *_names("support:staff_", "ticket", "reply", "resolve", "reopen", "fraud", "fraud_clear"),
        "api:request_detail",
    ],
    {"ticket_id": "support"},
)
_register(_names("support:public_", *_SUPPORT_PAGES), {"token": "follow_token"})
_register(["support:staff_attachment"], {"attachment_id": "attachment"})
_register(["support:staff_feedback"], {"team_id": "team"})
# The software area (Infacta).
_register(["licensing:welcome"], {"uidb64": "welcome_uid", "token": "welcome_token"})
_register(["licensing:link"], {"licence_id": "licence", "file_id": "file"})
_register(["licensing:download"], {"token": "download_token"})
_register(["licensing:purchases_webhook"], {"partner_code": "partner_code"})
_register(["promotions:offer"], {"code": "offer_code"})
_register(["promotions:staff_offer"], {"offer_id": "offer"})
_register(["promotions:staff_terminate"], {"registration_id": "registration"})
_register(_names("misuse:", "case", "hold", "lift", "close"), {"case_id": "case"})
# E-mail links and the privacy centre.
_register(["messaging:unsubscribe"], {"token": "unsubscribe_token"})
_register(["messaging:announcements_confirm"], {"token": "announcement_token"})
_register(["privacy:centre:download_verify"], {"request_id": "access_request"})
_register(_names("privacy:centre:", "export", "export_json"), {"token": "export_token"})
_register(
    _names("privacy:centre:staff_", "request", "start", "complete", "refuse"),
    {"request_id": "privacy_request"},
)

# Parameters the asking business may fill with an object of its own, the route's other
# parameters staying on business A's objects: /staff/org/<B>/people/<a person of A>/ on B's
# host must be 404 too (the first parameter alone must not be what keeps A's objects out).
HOME_PARAMS = {"org_id": "org", "shop_slug": "shop_slug"}


def resolver_for(route: Route) -> dict[str, str] | None:
    return RESOLVERS.get(route.name)


# --- the world --------------------------------------------------------------------------------


@dataclass
class World:
    """Objects of the demo businesses: `values[key]` is (its business, the value a URL names
    it by); `holders[key]` is the person whose object it is, where it is someone's; `home`
    holds each business's own value for the keys of HOME_PARAMS."""

    values: dict[str, tuple[Organisation, str]] = field(default_factory=dict)
    holders: dict[str, User] = field(default_factory=dict)
    home: dict[tuple[int, str], str] = field(default_factory=dict)

    def put(
        self, key: str, business: Organisation, value: object, holder: User | None = None
    ) -> None:
        self.values[key] = (business, str(value))
        if holder is not None:
            self.holders[key] = holder

    def path(self, route: Route) -> tuple[Organisation, str]:
        """The path of `route` naming an object of one business, and that business."""
        params = RESOLVERS[route.name]
        owners = {self.values[key][0].pk: self.values[key][0] for key in params.values()}
        assert len(owners) == 1, f"{route.name}: its parameters name objects of {owners}"
        values = {param: self.values[key][1] for param, key in params.items()}
        return next(iter(owners.values())), _path(route, values)

    def mixed_path(self, route: Route, viewer: Organisation) -> str | None:
        """The path with its HOME_PARAMS naming `viewer`'s own object and its other parameters
        business A's; None when the route has no such parameter, or only those."""
        params = RESOLVERS[route.name]
        home = {p: self.home.get((viewer.pk, key)) for p, key in HOME_PARAMS.items() if p in params}
        if not home or len(home) == len(params) or None in home.values():
            return None
        values = {param: self.values[key][1] for param, key in params.items()}
        values.update({param: str(value) for param, value in home.items()})
        return _path(route, values)


# Bodies for requests that must name an object of A in the body too (the board's one form says
# which ticket), or that the API parses before it looks anything up (else 422): JSON for the
# API, a form for pages.
BODIES: dict[str, Callable[[World], dict[str, Any]]] = {
    "queues:ticket_action": lambda world: {"do": f"summon:{world.values['ticket'][1]}"},
    "shop:staff_order_move": lambda world: {"do": "fulfil"},
    "api:walk_in_add": lambda world: {"name": "Matrix Walk-in"},
    "api:public_join": lambda world: {"name": "Matrix Customer"},
    "api:cart_line_set": lambda world: {
        "product_id": int(world.values["product"][1]),
        "quantity": 1,
    },
}


def _business(slug: str) -> Organisation:
    return Organisation.objects.get(slug=slug)


def _staff_world(world: World) -> None:
    """QLess: the organisation, a person with a grant and role, a location, a queue, a
    waiting ticket, and an API token of its owner."""
    from frontdesk.access.models import Grant
    from frontdesk.identity import services as identity
    from frontdesk.identity.unlock import unlock_token_issue
    from frontdesk.queues.models import Queue, Ticket
    from frontdesk.queues.states import State

    qless = _business("qless-demo")
    world.put("org", qless, qless.pk)
    agent = User.objects.with_email("agent@qless.demo").get()
    grant = Grant.objects.filter(organisation=qless, user=agent).select_related("user").get()
    world.put("staff_person", qless, grant.user_id, grant.user)
    world.put("grant", qless, grant.pk)
    world.put("role", qless, grant.role_id)
    queue = Queue.objects.filter(organisation=qless).select_related("location").order_by("pk")[0]
    world.put("queue", qless, queue.pk)
    world.put("queue_token", qless, queue.public_token)
    world.put("location", qless, queue.location_id)
    ticket = Ticket.objects.filter(queue=queue, state=State.WAITING).order_by("pk")[0]
    world.put("ticket", qless, ticket.pk)
    world.put("ticket_token", qless, ticket.token)
    owner = User.objects.with_email("owner@qless.demo").get()
    token, _ = identity.apitoken_create(
        actor=owner, user=owner, name="Matrix", scopes=["queues:read", "queues:write"]
    )
    world.put("api_token", qless, token.pk, owner)
    world.put("unlock_token", qless, unlock_token_issue(grant.user_id), grant.user)


def _shop_world(world: World) -> None:
    """Julie Floral: its shop, a product and its photo, a vendor, a checkout, a customer's
    order and address, and a basket that customer saved for later."""
    from frontdesk.shop.models import Address, Checkout, Order, ProductImage, Shop
    from frontdesk.shop.services import carts

    julie = _business("julie-floral")
    shop = Shop.objects.get(organisation=julie)
    world.put("shop", julie, shop.pk)
    world.put("shop_slug", julie, shop.slug)
    image = ProductImage.objects.filter(product__shop=shop).select_related("product")[0]
    product = image.product
    world.put("product", julie, product.pk)
    world.put("product_slug", julie, product.slug)
    world.put("image", julie, image.pk)
    world.put("image_name", julie, image.file.name)
    world.put("vendor", julie, product.vendor_id)
    world.put("checkout", julie, Checkout.objects.filter(shop=shop).order_by("pk")[0].public_id)
    order = Order.objects.filter(shop=shop, user__isnull=False).select_related("user")[0]
    world.put("order", julie, order.pk, order.user)
    address = Address.objects.filter(user__organisation=julie).select_related("user")[0]
    world.put("address", julie, address.pk, address.user)
    cart = carts.cart_obtain(shop=shop, user=order.user)
    carts.cart_add(cart=cart, product=product)
    basket = carts.basket_save(actor=order.user, cart=cart, vendor=product.vendor)
    world.put("basket", julie, basket.pk, order.user)


def _software_world(world: World) -> None:
    """Infacta: support requests (a customer's, and a public one with its follow link), an
    attachment, a team; a licence, a file and a download link; the welcome link; a partner;
    an offer and a registration; a misuse case; an unsubscribe link."""
    from frontdesk.licensing.links import link_token
    from frontdesk.licensing.models import Licence, Partner, ReleaseFile
    from frontdesk.messaging import unsubscribe
    from frontdesk.misuse.models import Case
    from frontdesk.promotions.models import Offer, Registration
    from frontdesk.support.models import Attachment, Team, Ticket

    infacta = _business("infacta")
    mine = Ticket.objects.filter(organisation=infacta, requester__isnull=False).select_related(
        "requester"
    )
    world.put("support", infacta, mine[0].pk, mine[0].requester)
    public = Ticket.objects.filter(organisation=infacta, requester__isnull=True)[0]
    world.put("follow_token", infacta, public.follow_token)  # sealed, read back
    world.put("attachment", infacta, Attachment.objects.filter(ticket__organisation=infacta)[0].pk)
    world.put("team", infacta, Team.objects.filter(organisation=infacta).order_by("pk")[0].pk)
    licence = Licence.objects.filter(product__organisation=infacta).select_related("user")[0]
    release_file = ReleaseFile.objects.filter(release__product=licence.product)[0]
    world.put("licence", infacta, licence.pk, licence.user)
    world.put("file", infacta, release_file.pk)
    token = link_token(user_id=licence.user_id, licence_id=licence.pk, file_id=release_file.pk)
    world.put("download_token", infacta, token, licence.user)
    world.put("partner_code", infacta, Partner.objects.get(organisation=infacta).code)
    offer = Offer.objects.filter(organisation=infacta)[0]
    world.put("offer", infacta, offer.pk)
    world.put("offer_code", infacta, offer.code)
    world.put("registration", infacta, Registration.objects.filter(offer=offer)[0].pk)
    world.put("case", infacta, Case.objects.filter(organisation=infacta)[0].pk)
    link = unsubscribe.unsubscribe_token_issue(
        purpose="marketing", user=licence.user, subscriber=None, organisation_id=infacta.pk
    )
    world.put("unsubscribe_token", infacta, link, licence.user)


def _mailed(pattern: str, *, to: str | None = None) -> tuple[str, ...]:
    """The groups of `pattern` in the newest e-mail (to `to`) that has it."""
    for message in reversed(mail.outbox):
        found = re.search(pattern, str(message.body)) if to in (None, *message.to) else None
        if found:
            return found.groups()
    raise AssertionError(f"No e-mail matches {pattern!r}")


def _issued_world(world: World, capture: Callable[..., Any]) -> None:
    """Tokens that exist only in the e-mail that carries them: an announcement confirmation
    (Infacta's list), the welcome link of an account a partner's purchase opened at Infacta,
    and a data download of a Julie Floral customer (its export link, a download request
    still waiting for its code, and a correction request for the staff)."""
    from frontdesk.core import clock, tenancy
    from frontdesk.licensing.models import Partner
    from frontdesk.licensing.notices import Contact, Order, PurchaseNotice
    from frontdesk.licensing.services import purchase_record
    from frontdesk.messaging.announcements import announcement_join
    from frontdesk.privacy import services as privacy
    from frontdesk.privacy.models import PrivacyRequest

    infacta = _business("infacta")
    with capture(execute=True), tenancy.bound(infacta.tenant):
        announcement_join(email="matrix.subscriber@example.test")
    (token,) = _mailed(r"/announcements/confirm/([\w-]+)/")
    world.put("announcement_token", infacta, token)

    buyer = Contact(email="matrix.buyer@example.test", name="Matrix Buyer", company="")
    bought = Order(
        reference="PL-MATRIX",
        ordered_at=clock.now(),
        product_code="GM-PRO",
        quantity=1,
        price=Decimal("49.00"),
        currency="USD",
        options="",
    )
    with capture(execute=True), tenancy.bound(infacta.tenant):
        purchase_record(
            partner=Partner.objects.get(organisation=infacta),
            notice=PurchaseNotice(event_id="matrix-evt-1", contact=buyer, order=bought),
            partner_ip="198.51.100.20",
        )
    uid, welcome = _mailed(r"/software/welcome/([\w-]+)/([\w-]+)/")
    world.put("welcome_uid", infacta, uid)
    world.put("welcome_token", infacta, welcome)

    julie, customer = world.values["order"][0], world.holders["order"]
    with capture(execute=True):
        done = privacy.access_request_start(actor=customer)
    (code,) = _mailed(r"\b(\d{6})\b", to=customer.email)
    verified = privacy.access_request_verify(actor=customer, request=done, code=code)
    assert verified.verified, verified.error
    world.put("export_token", julie, verified.token, customer)
    with capture(execute=True):
        waiting = privacy.access_request_start(actor=customer)
    world.put("access_request", julie, waiting.pk, customer)
    request = privacy.privacy_request_create(
        actor=customer, user=customer, kind=PrivacyRequest.Kind.CORRECTION, details="Matrix"
    )
    world.put("privacy_request", julie, request.pk, customer)


def _home_world(world: World) -> None:
    """Each business's own values for HOME_PARAMS: its organisation, and its shop if any."""
    from frontdesk.shop.models import Shop

    for business in Organisation.objects.all():
        world.home[business.pk, "org"] = str(business.pk)
        own = Shop.objects.filter(organisation=business).order_by("pk").first()
        if own is not None:
            world.home[business.pk, "shop_slug"] = own.slug


def _world(capture: Callable[..., Any]) -> World:
    seed_demo()
    world = World()
    _home_world(world)
    _staff_world(world)
    _shop_world(world)
    _software_world(world)
    _issued_world(world, capture)
    return world


# --- asking -----------------------------------------------------------------------------------

SIGN_IN_PAGES = ("identity:login", "licensing:login")
OTHER_METHODS = ("POST", "PATCH", "PUT", "DELETE")
STAFF, CUSTOMER, ANONYMOUS, TOKEN = "staff", "customer", "anonymous", "staff's API token"
OWNER, HOLDER = "owner", "holder"


def _owner(business: Organisation) -> User:
    """A staff member of `business` holding every capability on the whole business, who has
    acknowledged its security policy (else the gate would answer before the view)."""
    from frontdesk.staff import services as staff
    from frontdesk.staff.selectors.policy import pending_versions

    user = make_user(f"matrix-owner@{business.slug}.test", staff=True, organisation=business)
    role = access.role_create(
        actor=None, organisation=business, name="Matrix owner", capabilities=list(caps.CAPABILITIES)
    )
    access.grant_add(actor=None, user=user, role=role, scope=Scope("organisation", business.pk))
    for version in pending_versions(user):
        staff.policy_acknowledge(actor=user, version=version)
    return user


def _customer(business: Organisation) -> User:
    return make_user(f"matrix-customer@{business.slug}.test", organisation=business)


def _token_client(user: User) -> Client:
    """A client presenting an API token of `user` with every scope (no session)."""
    from frontdesk.identity import services as identity
    from frontdesk.identity.scopes import SCOPES

    _, plaintext = identity.apitoken_create(
        actor=user, user=user, name="Matrix", scopes=list(SCOPES)
    )
    return host_client(user.organisation, HTTP_AUTHORIZATION=f"Bearer {plaintext}")


@dataclass(frozen=True)
class Answer:
    method: str
    status: int
    location: str
    allow: str
    error: str

    def line(self, route: Route, path: str, host: str, who: str) -> str:
        return (
            f"{route.name} {self.method} {path} on {host} as {who}: "
            f"{self.status} {self.location}{self.error}"
        )


def _send(client: Client, method: str, path: str, body: Any, host: str) -> Answer:
    """One request to `host`, undone afterwards (both databases), so a request that wrongly
    changes an object of A cannot hide a later one, and rate-limit counters never fill up."""
    with transaction.atomic(), transaction.atomic(using="vault"):
        if method == "GET":
            response = client.get(path, HTTP_HOST=host)
        elif path.startswith("/api/"):
            data = json.dumps(body or {})
            response = client.generic(
                method, path, data, content_type="application/json", HTTP_HOST=host
            )
        elif method == "POST":
            response = client.post(path, body or {}, HTTP_HOST=host)
        else:
            response = client.generic(method, path, HTTP_HOST=host)
        transaction.set_rollback(True, using="vault")
        transaction.set_rollback(True)
    exc = getattr(response, "exc_info", None)
    error = f" ({exc[0].__name__}: {exc[1]})" if exc else ""
    headers = (response.get("Location", ""), response.get("Allow", ""))
    return Answer(method, response.status_code, *headers, error)


@dataclass
class Asker:
    """Asks GET, or the route's other method when GET answers 405; remembers that method per
    route and kind of person, so the 405 is asked once."""

    world: World
    methods: dict[tuple[str, str], str] = field(default_factory=dict)

    def ask(self, route: Route, who: str, client: Client, path: str, host: str) -> Answer:
        body = BODIES[route.name](self.world) if route.name in BODIES else None
        method = self.methods.get((route.name, who), "GET")
        answer = _send(client, method, path, body, host)
        if answer.status != 405 or method != "GET":
            return answer
        allowed = {m.strip().upper() for m in answer.allow.split(",")}
        method = next((m for m in OTHER_METHODS if m in allowed), "POST")
        self.methods[route.name, who] = method
        return _send(client, method, path, body, host)


def _refused(who: str, path: str, answer: Answer) -> bool:
    """404; for nobody signed in also a redirect to a sign-in page (or 401 from the API)."""
    if answer.status == 404:
        return True
    if who != ANONYMOUS:
        return False
    if path.startswith("/api/"):
        return answer.status == 401
    sign_in = {reverse(name) for name in SIGN_IN_PAGES}
    return answer.status == 302 and urlsplit(answer.location).path in sign_in


@dataclass(frozen=True)
class Viewer:
    """A person of business B (or nobody) with a client; `api` if it only speaks the API."""

    business: Organisation
    who: str
    client: Client
    api: bool = False


def _viewers(business: Organisation) -> list[Viewer]:
    """B's staff member with every capability (signed in, and by API token), a customer of
    B, and nobody."""
    owner = _owner(business)
    viewers = [
        Viewer(business, STAFF, signed_in_client(owner)),
        Viewer(business, TOKEN, _token_client(owner), api=True),
        Viewer(business, CUSTOMER, signed_in_client(_customer(business))),
        Viewer(business, ANONYMOUS, host_client(business)),
    ]
    for viewer in viewers:
        viewer.client.raise_request_exception = False  # a 500 is one more line, not the end
    return viewers


def _session_only_api_paths() -> set[str]:
    """The API paths no operation of which takes an API token (the OpenAPI document says
    which schemes each operation takes): a token is refused there whatever it asks for."""
    from frontdesk.config.api import api

    schema = api.get_openapi_schema()
    bearer = {
        name
        for name, scheme in schema["components"]["securitySchemes"].items()
        if scheme.get("scheme") == "bearer"
    }
    return {
        path
        for path, operations in schema["paths"].items()
        if all(
            op.get("security") is not None
            and not any(bearer & set(option) for option in op["security"])
            for op in operations.values()
        )
    }


def _api_template(route: Route) -> str:
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route.route)


def _demo_businesses() -> list[Organisation]:
    return list(Organisation.objects.exclude(pk=default_business().pk).order_by("pk"))


def _object_routes() -> list[Route]:
    return [route for route in routes() if route.name in RESOLVERS]


@dataclass
class Matrix:
    """Asks every route of an object of A as every viewer of every other business, and
    collects one line per answer that is not a refusal."""

    world: World
    viewers: list[Viewer]
    failures: list[str] = field(default_factory=list)
    asked: int = 0

    def __post_init__(self) -> None:
        self.asker = Asker(self.world)
        self.session_only = _session_only_api_paths()

    def _skips(self, viewer: Viewer, path: str, route: Route) -> bool:
        """A token viewer asks only what takes tokens: the API, but not its session-only
        operations."""
        if not viewer.api:
            return False
        return not path.startswith("/api/") or _api_template(route) in self.session_only

    def check(self, route: Route) -> None:
        owner, path = self.world.path(route)
        anonymous_at_home: Answer | None = None
        for viewer in self.viewers:
            if viewer.business.pk == owner.pk or self._skips(viewer, path, route):
                continue
            mixed = self.world.mixed_path(route, viewer.business)
            for one in [path] if mixed is None else [path, mixed]:
                self._expect_refusal(route, viewer, one)
            if viewer.who in (STAFF, CUSTOMER, TOKEN):
                anonymous_at_home = anonymous_at_home or self._anonymous(route, owner, path)
                self._expect_nobody(route, viewer, owner, path, anonymous_at_home)

    def _expect_refusal(self, route: Route, viewer: Viewer, path: str) -> None:
        host = host_of(viewer.business)
        answer = self.asker.ask(route, viewer.who, viewer.client, path, host)
        self.asked += 1
        if not _refused(viewer.who, path, answer):
            self.failures.append(answer.line(route, path, host, viewer.who))
        if answer.method == "GET":
            # A page that shows on GET may act on POST (a form, a one-click link): that
            # branch must not find A's object either; 405 says the route takes no POST.
            body = BODIES[route.name](self.world) if route.name in BODIES else None
            posted = _send(viewer.client, "POST", path, body, host)
            if posted.status != 405 and not _refused(viewer.who, path, posted):
                self.failures.append(posted.line(route, path, host, viewer.who))

    def _anonymous(self, route: Route, owner: Organisation, path: str) -> Answer:
        return self.asker.ask(route, ANONYMOUS, host_client(owner), path, host_of(owner))

    def _expect_nobody(
        self, route: Route, viewer: Viewer, owner: Organisation, path: str, anonymous: Answer
    ) -> None:
        """B's session (or token) carried to A's host counts for nothing there: the answer is
        the one nobody signed in gets."""
        host, who = host_of(owner), f"{viewer.who} of {viewer.business.slug}"
        answer = self.asker.ask(route, who, viewer.client, path, host)
        self.asked += 1
        if (answer.status, answer.location) != (anonymous.status, anonymous.location):
            expected = f" (nobody signed in gets {anonymous.status} {anonymous.location})"
            self.failures.append(answer.line(route, path, host, who) + expected)


# --- the tests --------------------------------------------------------------------------------


@pytest.fixture
def fast_passwords(settings: Any, tmp_path: Any) -> None:
    """The demo's and the matrix's accounts hash their passwords with a fast hasher: nobody
    here signs in with a password, and Argon2 would take most of the test's time. The demo's
    files (release files, photos) go to the test's own folder, never into var/."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.FRONTDESK_DOWNLOADS_ROOT = str(tmp_path / "downloads")
    settings.FRONTDESK_MEDIA_ROOT = str(tmp_path / "media")


@pytest.mark.promise("FD-16")
@pytest.mark.django_db
def test_every_route_with_an_object_is_covered_by_the_matrix():
    # given
    every = routes()
    # when
    unknown = [
        f"{route.name} {route.route} {route.params}"
        for route in every
        if resolver_for(route) is None
        and not all((route.name, param) in NOT_AN_OBJECT for param in route.params)
    ]
    incomplete = [
        f"{route.name}: resolves {sorted(resolver)}, takes {sorted(route.params)}"
        for route in every
        if (resolver := resolver_for(route)) is not None and set(resolver) != set(route.params)
    ]
    stale = sorted(set(RESOLVERS) - {route.name for route in every})
    # then
    assert unknown == [], (
        f"Tell tests/test_tenant_isolation.py where these find an object: {unknown}"
    )
    assert incomplete == [], "A resolver must name every parameter of its route"
    assert stale == [], f"RESOLVERS names routes that no longer exist: {stale}"


@pytest.mark.promise("FD-16")
@pytest.mark.django_db
@pytest.mark.usefixtures("fast_passwords")
def test_an_object_of_one_business_is_404_at_every_other(
    django_capture_on_commit_callbacks: Callable[..., Any], caplog: pytest.LogCaptureFixture
):
    # given
    caplog.set_level(logging.ERROR, logger="django.request")  # thousands of expected 404s
    world = _world(django_capture_on_commit_callbacks)
    businesses = _demo_businesses()
    assert len(businesses) == 4  # QLess, Julie Floral, QMobility, Infacta
    matrix = Matrix(world, [viewer for business in businesses for viewer in _viewers(business)])
    # when
    for route in _object_routes():
        matrix.check(route)
    # then
    assert matrix.asked >= len(RESOLVERS) * 3 * 4  # every route, 3 other businesses, 4 people
    assert matrix.failures == [], "\n" + "\n".join(matrix.failures)


# The objects of the matrix open for their own people on their own host: its 404s come from
# the host and the person, not from paths that name nothing. (route, who, status); who is
# OWNER (a staff member of the business with every capability), HOLDER (the person the route's
# object is of) or ANONYMOUS.
OWNED = [
    ("queues:board", OWNER, 200),
    ("api:queue_board", OWNER, 200),
    ("queues:join", ANONYMOUS, 200),
    ("queues:ticket", ANONYMOUS, 200),
    ("staff:person", OWNER, 200),
    ("shop:staff_order", OWNER, 200),
    ("api:staff_order", OWNER, 200),
    ("shop:account_order", HOLDER, 200),
    ("shop:product", ANONYMOUS, 200),
    ("support:staff_ticket", OWNER, 200),
    ("support:ticket", HOLDER, 200),
    ("api:request_detail", HOLDER, 200),
    ("support:public_ticket", ANONYMOUS, 200),
    ("licensing:link", HOLDER, 302),
    ("licensing:download", HOLDER, 200),
    ("licensing:welcome", ANONYMOUS, 200),
    ("privacy:centre:export", HOLDER, 200),
    ("privacy:centre:staff_request", OWNER, 200),
    ("messaging:unsubscribe", ANONYMOUS, 200),
    ("messaging:announcements_confirm", ANONYMOUS, 200),
]


@dataclass
class OwnPeople:
    """The people of the business an object is of, each with a client on its host."""

    world: World
    clients: dict[tuple[str, int], Client] = field(default_factory=dict)

    def client(self, who: str, route: Route, business: Organisation) -> Client | None:
        holder = self.world.holders.get(next(iter(RESOLVERS[route.name].values())))
        if who == HOLDER and holder is None:
            return None
        key = (who, holder.pk if who == HOLDER and holder else business.pk)
        if key not in self.clients:
            if who == OWNER:
                self.clients[key] = signed_in_client(_owner(business))
            elif who == HOLDER and holder is not None:
                self.clients[key] = signed_in_client(holder)
            else:
                self.clients[key] = host_client(business)
            self.clients[key].raise_request_exception = False
        return self.clients[key]


@pytest.mark.promise("FD-16")
@pytest.mark.django_db
@pytest.mark.usefixtures("fast_passwords")
def test_the_objects_of_the_matrix_open_for_their_own_people_on_their_own_host(
    django_capture_on_commit_callbacks: Callable[..., Any], caplog: pytest.LogCaptureFixture
):
    # given
    caplog.set_level(logging.ERROR, logger="django.request")
    world = _world(django_capture_on_commit_callbacks)
    people = OwnPeople(world)
    asker = Asker(world)
    by_name = {route.name: route for route in _object_routes()}
    # when
    wrong = []
    for name, who, expected in OWNED:
        business, path = world.path(by_name[name])
        client = people.client(who, by_name[name], business)
        assert client is not None, name
        answer = asker.ask(by_name[name], who, client, path, host_of(business))
        if answer.status != expected:
            wrong.append(answer.line(by_name[name], path, host_of(business), who))
    nothing = []
    for route in by_name.values():
        business, path = world.path(route)
        answers = [
            asker.ask(route, who, client, path, host_of(business))
            for who in (OWNER, HOLDER, ANONYMOUS)
            if (client := people.client(who, route, business)) is not None
        ]
        if all(answer.status == 404 for answer in answers):
            nothing.append(f"{route.name} {path}")
    # then
    assert wrong == []
    assert nothing == [], f"Their own people get 404 too: the matrix proves nothing: {nothing}"
