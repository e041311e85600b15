"""Forced password change (QL-14): an account created for someone does nothing else until
its password is changed."""

from __future__ import annotations

import pytest

from frontdesk.audit.models import AuditEvent
from frontdesk.identity import services
from frontdesk.identity.tests.helpers import PASSWORD, make_user, sign_in

NEW_PASSWORD = "a brand new passphrase of mine"
CHANGE_URL = "/account/password/"


@pytest.fixture
def forced(db):
    return make_user("new@example.test", must_change_password=True)


def _change(client, current: str = PASSWORD, new: str = NEW_PASSWORD, **data):
    return client.post(
        CHANGE_URL,
        {"current_password": current, "new_password": new, "new_password_again": new, **data},
    )


@pytest.mark.promise("QL-14")
@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/account/", "/account/security/", "/staff/", "/nowhere/"])
def test_every_page_redirects_to_the_password_change(client, forced, url):
    # given
    sign_in(client, forced.email)
    # when
    response = client.get(url)
    # then
    assert response.status_code == 302
    assert response["Location"].startswith(CHANGE_URL)


@pytest.mark.promise("QL-14")
@pytest.mark.django_db
def test_login_lands_on_the_password_change(client, forced):
    # when
    response = sign_in(client, forced.email)
    followed = client.get(response["Location"])
    # then
    assert followed.status_code == 302
    assert followed["Location"].startswith(CHANGE_URL)
    assert client.get(CHANGE_URL).status_code == 200


@pytest.mark.promise("QL-14")
@pytest.mark.django_db
def test_api_refuses_until_the_password_is_changed(client, forced):
    # given
    sign_in(client, forced.email)
    # when
    response = client.get("/api/account/me")
    # then
    assert response.status_code == 403
    assert response.json() == {"detail": "Password change required"}


@pytest.mark.promise("QL-14")
@pytest.mark.django_db
def test_after_the_change_pages_and_api_work(client, forced):
    # given
    sign_in(client, forced.email)
    # when
    response = _change(client)
    # then
    assert response.status_code == 302
    assert client.get("/account/").status_code == 200
    me = client.get("/api/account/me")
    assert me.status_code == 200
    assert me.json()["must_change_password"] is False
    forced.refresh_from_db()
    assert forced.check_password(NEW_PASSWORD)
    assert AuditEvent.objects.filter(action="identity.password.changed").count() == 1


@pytest.mark.promise("QL-14", "FD-8")
@pytest.mark.django_db
@pytest.mark.parametrize(
    ("entered", "message"),
    [
        (("wrong current password", NEW_PASSWORD, NEW_PASSWORD), "current password was not right"),
        ((PASSWORD, NEW_PASSWORD, NEW_PASSWORD + "x"), "two new passwords differ"),
        ((PASSWORD, PASSWORD, PASSWORD), "different from the current one"),
        ((PASSWORD, "short", "short"), "too short"),
    ],
)
def test_a_refused_change_explains_and_changes_nothing(client, forced, entered, message):
    # given
    sign_in(client, forced.email)
    current, new, again = entered
    # when
    response = client.post(
        CHANGE_URL,
        {"current_password": current, "new_password": new, "new_password_again": again},
    )
    # then
    assert response.status_code == 200
    assert message in response.content.decode()
    forced.refresh_from_db()
    assert forced.must_change_password
    assert forced.check_password(PASSWORD)


@pytest.mark.promise("QL-14")
@pytest.mark.django_db
def test_staff_created_by_an_administrator_must_change_the_temporary_password(client):
    # given
    admin = make_user("admin@acme.test", staff=True)
    user, temporary = services.staff_create(actor=admin, email="New@Acme.test", full_name="Nia")
    # when
    response = sign_in(client, "new@acme.test", temporary)
    # then
    assert user.is_staff
    assert user.must_change_password
    assert client.get("/staff/")["Location"].startswith(CHANGE_URL)
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="identity.staff.created")
    assert (event.actor_id, event.target_id) == (admin.pk, str(user.pk))


@pytest.mark.promise("QL-14")
@pytest.mark.django_db
def test_sign_out_stays_reachable(client, forced):
    # given
    sign_in(client, forced.email)
    # when
    response = client.post("/account/logout/")
    # then
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
