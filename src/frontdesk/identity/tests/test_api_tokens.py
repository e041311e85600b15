"""API tokens: stored as digests only, scoped, revocable; wrong ones get 401."""

from __future__ import annotations

import pytest
from django.test import Client

from frontdesk.audit.models import AuditEvent
from frontdesk.core import tokens
from frontdesk.identity import services
from frontdesk.identity.models import ApiToken
from frontdesk.identity.tests.helpers import code_for, confirmed_device, make_user, sign_in

ME = "/api/account/me"


def _bearer(client: Client, plaintext: str, url: str = ME):
    return client.get(url, HTTP_AUTHORIZATION=f"Bearer {plaintext}")


@pytest.fixture
def token_pair(staff):
    return services.apitoken_create(
        actor=staff, user=staff, name="reporting", scopes=["account:read", "queues:read"]
    )


@pytest.mark.promise("QL-12")
@pytest.mark.django_db
def test_tokens_are_stored_as_digests_only(token_pair):
    # given
    token, plaintext = token_pair
    # when
    row = ApiToken.objects.values().get(pk=token.pk)
    # then
    assert plaintext not in str(row)
    assert row["token_hash"] == tokens.digest(plaintext)
    assert row["prefix"] == plaintext[:8]


@pytest.mark.django_db
def test_a_valid_token_reads_its_owner(client, staff, token_pair):
    # given
    token, plaintext = token_pair
    # when
    response = _bearer(client, plaintext)
    # then
    assert response.status_code == 200
    assert response.json() == {
        "id": staff.pk,
        "email": staff.email,
        "full_name": staff.full_name,
        "is_staff": True,
        "must_change_password": False,
    }
    token.refresh_from_db()
    assert token.last_used_at is not None


@pytest.mark.django_db
@pytest.mark.parametrize("presented", ["", "nonsense", "x" * 43])
def test_wrong_or_missing_tokens_get_401(client, token_pair, presented):
    # when
    response = _bearer(client, presented) if presented else client.get(ME)
    # then
    assert response.status_code == 401


@pytest.mark.django_db
def test_a_token_differing_after_its_prefix_gets_401(client, token_pair):
    # given
    _, plaintext = token_pair
    forged = plaintext[:8] + ("A" if plaintext[8] != "A" else "B") + plaintext[9:]
    # when / then
    assert _bearer(client, forged).status_code == 401


@pytest.mark.django_db
def test_a_revoked_token_gets_401(client, staff, token_pair):
    # given
    token, plaintext = token_pair
    services.apitoken_revoke(actor=staff, token=token)
    # when
    response = _bearer(client, plaintext)
    # then
    assert response.status_code == 401
    assert AuditEvent.objects.filter(action="identity.apitoken.revoked").count() == 1


@pytest.mark.django_db
def test_a_token_lacking_the_scope_gets_403(client, staff):
    # given
    _, plaintext = services.apitoken_create(
        actor=staff, user=staff, name="queues only", scopes=["queues:read"]
    )
    # when
    response = _bearer(client, plaintext)
    # then
    assert response.status_code == 403


@pytest.mark.django_db
def test_tokens_of_inactive_users_get_401(client, staff, token_pair):
    # given
    staff.is_active = False
    staff.save()
    # when / then
    assert _bearer(client, token_pair[1]).status_code == 401


@pytest.mark.promise("QL-14")
@pytest.mark.django_db
def test_tokens_of_users_who_must_change_their_password_get_403(client, staff, token_pair):
    # given
    staff.must_change_password = True
    staff.save()
    # when / then
    assert _bearer(client, token_pair[1]).status_code == 403


@pytest.mark.django_db
def test_unknown_scopes_are_refused(staff):
    # when / then
    with pytest.raises(ValueError, match="admin:all"):
        services.apitoken_create(actor=staff, user=staff, name="x", scopes=["admin:all"])
    assert not ApiToken.objects.exists()


@pytest.mark.django_db
def test_staff_create_and_revoke_tokens_on_the_account_page(client, staff):
    # given
    device = confirmed_device(staff)
    sign_in(client, staff.email)
    client.post("/account/otp/verify/", {"code": code_for(device)})
    # when
    created = client.post("/account/tokens/", {"name": "ci", "scopes": ["account:read"]})
    token = staff.api_tokens.get()
    plaintext_shown = created.content.decode()
    again = client.get("/account/").content.decode()
    revoked = client.post(f"/account/tokens/{token.pk}/revoke/")
    # then
    assert created.status_code == 200
    assert "will not be shown again" in plaintext_shown
    assert "will not be shown again" not in again
    assert revoked.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


@pytest.mark.django_db
def test_customers_cannot_create_tokens(client, customer):
    # given
    sign_in(client, customer.email)
    # when
    response = client.post("/account/tokens/", {"name": "ci", "scopes": ["account:read"]})
    # then
    assert response.status_code == 403
    assert not ApiToken.objects.exists()


@pytest.mark.django_db
def test_nobody_revokes_another_persons_token(client, token_pair):
    # given
    other = make_user("other@acme.test")
    sign_in(client, other.email)
    # when
    response = client.post(f"/account/tokens/{token_pair[0].pk}/revoke/")
    # then
    assert response.status_code == 404
    token_pair[0].refresh_from_db()
    assert token_pair[0].revoked_at is None
