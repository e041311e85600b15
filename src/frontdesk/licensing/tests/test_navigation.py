"""The area's navigation leads to support, feedback and, for an account on hold, the
reinstatement request; the held notice links there too, wherever it is shown.

The holds here are stubbed checks, so these tests carry no promise tag: IN-23 is proved with
real holds in tests/test_misuse.py and tests/test_promotions.py."""

from __future__ import annotations

import pytest
from django.utils.html import escape

from frontdesk.identity.models import User
from frontdesk.licensing import holds
from frontdesk.licensing.tests.conftest import area_client, visitor

REINSTATEMENT = '<a href="/software/reinstatement/">Ask for reinstatement</a>'


@pytest.fixture
def held(monkeypatch, licence):
    """The buyer's account on hold, by a check registered the way misuse detection and
    promotions register theirs (those apps sit above licensing; tests/test_misuse.py and
    tests/test_promotions.py hold accounts through them)."""

    def holding(user: User) -> bool:
        return bool(user.pk == licence.user_id)

    monkeypatch.setattr(holds, "HOLD_CHECKS", [*holds.HOLD_CHECKS, holding])
    return licence


@pytest.mark.django_db
def test_the_navigation_links_to_support_and_feedback(licence):
    # when: signed in, and not
    pages = [area_client(licence.user).get("/software/"), visitor().get("/software/login/")]
    # then
    for page in pages:
        html = page.content.decode()
        assert '<a href="/support/">Support</a>' in html
        assert '<a href="/support/feedback/">Feedback</a>' in html


@pytest.mark.django_db
def test_an_account_not_on_hold_is_not_offered_reinstatement(licence):
    # when
    page = area_client(licence.user).get("/software/").content.decode()
    # then
    assert "/software/reinstatement/" not in page


@pytest.mark.django_db
def test_a_held_account_sees_the_reinstatement_link_and_the_banner_links_there(held):
    # when
    page = area_client(held.user).get("/software/").content.decode()
    history = area_client(held.user).get("/software/history/").content.decode()
    # then: in the navigation of every page, and in the banner, after the held message
    assert page.count(REINSTATEMENT) == 2
    assert f"{escape(holds.HELD)} {REINSTATEMENT}" in page
    assert REINSTATEMENT in history


@pytest.mark.django_db
def test_a_held_account_refused_a_download_is_pointed_to_reinstatement(held, shelf):
    # given
    browser = area_client(held.user)
    # when: Download is clicked
    clicked = browser.post(f"/software/licences/{held.pk}/files/{shelf.new_file.pk}/download")
    # then: back to the area, with the message linking to the request
    assert clicked.status_code == 302
    page = browser.get(clicked["Location"]).content.decode()
    assert f'<li class="message error">{escape(holds.HELD)} {REINSTATEMENT}' in page


@pytest.mark.django_db
def test_a_link_made_before_the_hold_is_refused_with_the_reinstatement_link(
    licence, shelf, monkeypatch
):
    # given: a download link made while the account was free, then a hold
    browser = area_client(licence.user)
    link = browser.post(f"/software/licences/{licence.pk}/files/{shelf.new_file.pk}/download")
    monkeypatch.setattr(holds, "HOLD_CHECKS", [lambda user: user.pk == licence.user_id])
    # when
    refused = browser.get(link["Location"])
    # then
    assert refused.status_code == 403
    assert f"{escape(holds.HELD)} {REINSTATEMENT}" in refused.content.decode()


def test_the_held_notice_links_to_the_reinstatement_page():
    # when
    notice = holds.held_notice()
    # then
    assert notice == f"{escape(holds.HELD)} {REINSTATEMENT}."
    assert holds.account_held(None) is False
