"""Shared fixtures: an organisation with a location, and people in the three roles every
access test needs: an owner, a member without the capability under test, an outsider."""

from __future__ import annotations

import django_otp
import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from frontdesk.access import capabilities as caps
from frontdesk.access import services as access
from frontdesk.access.hosts import forget_hosts, primary_host
from frontdesk.access.models import MODULES, Host, Location, Organisation
from frontdesk.access.scopes import Scope
from frontdesk.identity.models import User

PASSWORD = "correct horse battery staple"


_DB_FIXTURES = {"db", "transactional_db", "live_server", "django_db_reset_sequences"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test that uses a database uses the vault too: sealed fields read and write data
    keys there (frontdesk.vault), so both databases take part in each test's transaction."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker is None and not _DB_FIXTURES & set(getattr(item, "fixturenames", ())):
            continue
        kwargs = dict(marker.kwargs) if marker else {}
        kwargs["databases"] = "__all__"
        item.add_marker(pytest.mark.django_db(*(marker.args if marker else ()), **kwargs), False)


@pytest.fixture(autouse=True)
def _fresh_cache(request):
    """Rate-limit counters and cached state must not leak from one test into the next.

    The cache is a database table (or Redis), so only tests that use the database clear it."""
    uses_db = request.node.get_closest_marker("django_db") or any(
        name in request.fixturenames for name in ("db", "transactional_db", "live_server")
    )
    if uses_db:
        request.getfixturevalue(
            "db" if "live_server" not in request.fixturenames else "live_server"
        )
        from django.core.cache import cache

        cache.clear()


@pytest.fixture(autouse=True)
def _test_business(request):
    """Every test with a database has Acme, the business of the test client's host
    (`testserver`); what this process remembers of hosts never outlives a test's database."""
    forget_hosts()
    uses_db = request.node.get_closest_marker("django_db") or any(
        name in request.fixturenames for name in ("db", "transactional_db", "live_server")
    )
    if uses_db:
        request.getfixturevalue(
            "db" if "live_server" not in request.fixturenames else "live_server"
        )
        default_business()
    yield
    forget_hosts()


# --- every cookie any response in the suite sets must be declared (FD-1) ----------------------

COOKIES_SET: dict[str, str] = {}


@pytest.fixture(scope="session", autouse=True)
def _cookies_are_declared():
    """Record the cookies every response of the suite sets (test client and live server alike)
    and fail the run when one is not declared in an app's privacy.py."""
    from django.core.handlers.base import BaseHandler

    from frontdesk.core.declarations import undeclared_cookies

    original = BaseHandler.get_response

    def recording(self, request):
        response = original(self, request)
        for name in response.cookies:
            COOKIES_SET.setdefault(name, request.path)
        return response

    BaseHandler.get_response = recording  # type: ignore[method-assign]
    yield
    BaseHandler.get_response = original  # type: ignore[method-assign]
    undeclared = undeclared_cookies(COOKIES_SET)
    assert not undeclared, f"Cookies set but not declared in any privacy.py: {undeclared}"


@pytest.fixture(autouse=True)
def _tasks_run_immediately():
    """Huey runs each task in the calling thread: no consumer process is needed in tests."""
    from huey.contrib.djhuey import HUEY

    before = HUEY.immediate
    HUEY.immediate = True
    yield
    HUEY.immediate = before


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory):
    """A Redis server: the machine's on 127.0.0.1:6379 when there is one, else a private
    `redis-server` (installed by `make test`) started for this test session."""
    import shutil
    import socket
    import subprocess
    import time

    import redis

    def reachable(url: str) -> bool:
        try:
            return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
        except redis.exceptions.ConnectionError:
            return False

    if reachable("redis://127.0.0.1:6379/15"):
        yield "redis://127.0.0.1:6379/15"
        return
    server = shutil.which("redis-server")
    if server is None:
        pytest.fail("No Redis: run `make test`, which installs the Debian package redis-server.")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    workdir = tmp_path_factory.mktemp("redis")
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", str(workdir)],
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/15"
    deadline = time.monotonic() + 10
    while not reachable(url) and time.monotonic() < deadline:
        time.sleep(0.1)
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def password() -> str:
    return PASSWORD


TEST_HOST = "testserver"  # the host the test client sends unless told otherwise


def default_business() -> Organisation:
    """The business the test client's default host (`testserver`) belongs to: Acme, made on
    first use. Tests about one business use it; tests about several make the others with
    `business(...)` and send their hosts (`host_client`)."""
    host = Host.objects.filter(hostname=TEST_HOST).select_related("organisation").first()
    if host is not None:
        return host.organisation
    return access.organisation_create(
        name="Acme Services",
        slug="acme",
        hosts=["acme.localhost", TEST_HOST],
        modules=list(MODULES),
        email_sender="hello@acme.test",
        privacy_contact="privacy@acme.test",
        security_contact="security@acme.test",
    )


def business(name: str, slug: str, **details) -> Organisation:
    """Another business, on `<slug>.localhost`."""
    details.setdefault("modules", list(MODULES))
    return access.organisation_create(name=name, slug=slug, **details)


def host_of(organisation: Organisation | None) -> str:
    """The host a client sends to reach `organisation` (the platform's for None)."""
    if organisation is None:
        return "localhost"
    names = set(organisation.hosts.values_list("hostname", flat=True))
    return TEST_HOST if TEST_HOST in names else primary_host(organisation)


def host_client(organisation: Organisation | None, **defaults) -> Client:
    """A client whose requests go to `organisation`'s host."""
    return Client(HTTP_HOST=host_of(organisation), **defaults)


@pytest.fixture
def organisation(db) -> Organisation:
    return default_business()


@pytest.fixture
def location(organisation: Organisation) -> Location:
    return access.location_create(
        actor=None, organisation=organisation, name="High Street", slug="high-street"
    )


@pytest.fixture
def other_location(organisation: Organisation) -> Location:
    return access.location_create(
        actor=None, organisation=organisation, name="Station Road", slug="station-road"
    )


def signed_in_client(user: User, *, csrf: bool = False) -> Client:
    """A client signed in as `user`, its session past the second factor (a confirmed TOTP
    device), from a fixed documentation address (203.0.113.7) that audit events record."""
    client = Client(
        enforce_csrf_checks=csrf,
        REMOTE_ADDR="203.0.113.7",
        HTTP_HOST=host_of(user.organisation),
    )
    client.force_login(user)
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    session = client.session
    session[django_otp.DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def staff_client():
    """staff_client(user, csrf=False): see `signed_in_client`."""
    return signed_in_client


def make_user(email: str, *, staff: bool = False, **extra) -> User:
    """An account at `organisation=` (default: the test client's business, `default_business`)."""
    if "organisation" not in extra and "organisation_id" not in extra:
        extra["organisation"] = default_business()
    return User.objects.create_user(email=email, password=PASSWORD, is_staff=staff, **extra)


@pytest.fixture
def owner(organisation: Organisation) -> User:
    user = make_user("owner@acme.test", staff=True, full_name="Olivia Owner")
    role = access.role_create(
        actor=None, organisation=organisation, name="Owner", capabilities=list(caps.CAPABILITIES)
    )
    access.grant_add(actor=None, user=user, role=role, scope=Scope("organisation", organisation.pk))
    return user


@pytest.fixture
def outsider(db) -> User:
    return make_user("outsider@elsewhere.test", staff=True, full_name="Oscar Outsider")


@pytest.fixture
def customer(db) -> User:
    return make_user("customer@example.test", full_name="Casey Customer")
