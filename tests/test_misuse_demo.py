"""The demo's Infacta (issue 5, §7) has a promotion with a code, a fraud analyst, and one open
misuse case; loading it again changes nothing."""

from __future__ import annotations

import pytest

from frontdesk.licensing.demo import seed_software
from frontdesk.misuse.demo import ANALYST, PROMO_CODE, seed_misuse
from frontdesk.misuse.models import Case
from frontdesk.promotions.models import Offer, Registration
from frontdesk.support.demo import seed_support


@pytest.mark.django_db
def test_the_demo_loads_a_promotion_an_analyst_and_a_case_once(tmp_path, settings):
    # given: the customer area and support of the demo
    settings.FRONTDESK_DOWNLOADS_ROOT = str(tmp_path / "downloads")
    seed_software(password="demo-password-1")
    seed_support(password="demo-password-1")
    # when: promotions and misuse load, twice
    logins = seed_misuse(password="demo-password-1")
    seed_misuse(password="demo-password-1")
    # then
    assert Offer.objects.get().code == PROMO_CODE
    assert Registration.objects.count() == 1
    case = Case.objects.get()
    assert (case.kind, case.state, case.holding) == (Case.Kind.CREDENTIAL_SHARING, "open", False)
    assert logins[0].email == ANALYST
