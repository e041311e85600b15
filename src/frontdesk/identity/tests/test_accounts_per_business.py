"""Accounts belong to a business (FD-16): the same address at two businesses is two accounts,
with two passwords; sign-in, lockout, sessions and API tokens all work per business."""

from __future__ import annotations

import pytest
from conftest import business, host_client, host_of, make_user
from django.test import Client, override_settings

from frontdesk.identity import services
from frontdesk.identity.models import User
from frontdesk.identity.tests.helpers import BROWSER, LOGIN_URL, is_signed_in, sign_in

ADDRESS = "ada@example.test"


@pytest.fixture
def julie(db):
    return business("Julie Floral", "julie-floral")


@pytest.fixture
def qmobility(db):
    return business("QMobility", "qmobility")


def _client(organisation) -> Client:
    return host_client(organisation, HTTP_USER_AGENT=BROWSER)


@pytest.mark.promise("FD-16")
@pytest.mark.django_db
def test_the_same_address_at_two_businesses_is_two_accounts_with_two_passwords(julie, qmobility):
    # given
    at_julie = make_user(ADDRESS, organisation=julie)
    at_qm = make_user(ADDRESS, organisation=qmobility)
    at_julie.set_password("julie floral password")
    at_julie.save(update_fields=["password"])
    # when: each password signs in at its own business only
    julie_client, qm_client = _client(julie), _client(qmobility)
    sign_in(julie_client, ADDRESS, "julie floral password")
    sign_in(qm_client, ADDRESS, "julie floral password")
    # then
    assert at_julie.pk != at_qm.pk
    assert is_signed_in(julie_client)
    assert int(julie_client.session["_auth_user_id"]) == at_julie.pk
    assert not is_signed_in(qm_client)
    assert User.objects.unscoped().matching(email=ADDRESS).count() == 2


@pytest.mark.promise("FD-16")
@pytest.mark.django_db
def test_a_session_of_one_business_is_nobody_at_another(julie, qmobility):
    # given: signed in at Julie Floral
    make_user(ADDRESS, organisation=julie)
    client = _client(julie)
    sign_in(client, ADDRESS)
    cookie = client.cookies["fd_session"].value
    # when: the same session cookie is presented on QMobility's host
    other = _client(qmobility)
    other.cookies["fd_session"] = cookie
    response = other.get("/account/")
    # then: it is a stranger there, sent to sign in
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)


@pytest.mark.promise("FD-16", "QL-13")
@pytest.mark.django_db
@override_settings(AXES_FAILURE_LIMIT=3)
def test_a_lockout_at_one_business_leaves_the_same_address_at_another_alone(julie, qmobility):
    # given
    make_user(ADDRESS, organisation=julie)
    make_user(ADDRESS, organisation=qmobility)
    julie_client = _client(julie)
    for _ in range(3):
        sign_in(julie_client, ADDRESS, "wrong password entirely")
    # when
    sign_in(julie_client, ADDRESS)
    qm_client = _client(qmobility)
    sign_in(qm_client, ADDRESS)
    # then: locked at Julie Floral, signed in at QMobility
    assert not is_signed_in(julie_client)
    assert is_signed_in(qm_client)


@pytest.mark.promise("FD-16")
@pytest.mark.django_db
def test_an_api_token_works_at_its_own_business_only(julie, qmobility):
    # given
    owner = make_user("owner@julie.test", staff=True, organisation=julie)
    _, plaintext = services.apitoken_create(
        actor=owner, user=owner, name="reporting", scopes=["account:read"]
    )
    # when
    own = _client(julie).get("/api/account/me", HTTP_AUTHORIZATION=f"Bearer {plaintext}")
    other = _client(qmobility).get("/api/account/me", HTTP_AUTHORIZATION=f"Bearer {plaintext}")
    # then
    assert own.status_code == 200
    assert other.status_code == 401


@pytest.mark.promise("FD-16")
@pytest.mark.django_db
def test_an_unknown_host_is_refused_and_the_platform_lists_the_businesses(julie, qmobility):
    # when
    unknown = Client(HTTP_HOST="shop.evil.example").get("/")
    platform = Client(HTTP_HOST="localhost").get("/")
    # then
    assert unknown.status_code == 400
    assert platform.status_code == 200
    page = platform.content.decode()
    assert f"http://{host_of(julie)}" in page
    assert "QMobility" in page


@pytest.mark.promise("FD-16")
@pytest.mark.django_db
def test_a_business_host_shows_its_own_name_not_another(julie, qmobility):
    # when
    page = _client(julie).get("/").content.decode()
    # then
    assert "Julie Floral" in page
    assert "QMobility" not in page


@pytest.mark.promise("FD-16")
@pytest.mark.django_db
def test_operators_sign_in_on_the_platform_host_only_and_customers_never_there(julie):
    # given: a platform operator and a customer of Julie Floral with the same address
    make_user("ops@example.test", staff=True, organisation=None)
    make_user("ops@example.test", organisation=julie)
    platform = Client(HTTP_HOST="localhost", HTTP_USER_AGENT=BROWSER)
    business = _client(julie)
    # when
    sign_in(platform, "ops@example.test")
    sign_in(business, "ops@example.test")
    # then: each signs in as the account of its own host
    operator = User.objects.unscoped().get(pk=platform.session["_auth_user_id"])
    customer = User.objects.unscoped().get(pk=business.session["_auth_user_id"])
    assert (operator.organisation_id, customer.organisation_id) == (None, julie.pk)
    # and the platform host opens no customer accounts
    assert Client(HTTP_HOST="localhost").get("/account/register/").status_code == 404
