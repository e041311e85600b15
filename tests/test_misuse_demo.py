"""The demo's Infacta (issue 5, §7) has a promotion with a code, a fraud analyst, and one open
misuse case; loading it again changes nothing. Infacta is a business of its own: every account
the software area's seeds make is Infacta's, and it names its modules, contacts and
processors (FD-16)."""

from __future__ import annotations

import pytest

from frontdesk.access.models import Organisation
from frontdesk.core import tenancy
from frontdesk.identity.models import User
from frontdesk.licensing.demo import INFACTA, seed_software
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


@pytest.mark.promise("FD-16")
@pytest.mark.django_db
def test_every_account_of_the_software_demo_is_infactas(tmp_path, settings):
    # when: the customer area, support, promotions and misuse load
    settings.FRONTDESK_DOWNLOADS_ROOT = str(tmp_path / "downloads")
    logins = [
        *seed_software(password="demo-password-1"),
        *seed_support(password="demo-password-1"),
        *seed_misuse(password="demo-password-1"),
    ]
    # then: Infacta is a controller with its own modules, contacts and processors
    infacta = Organisation.objects.get(slug=INFACTA)
    assert infacta.modules == ["licensing", "support", "promotions", "misuse"]
    assert infacta.email_sender
    assert infacta.privacy_contact
    assert infacta.security_contact
    assert {"partners", "mailing"} <= set(infacta.processors)
    assert infacta.hosts.exists()
    # and every account the seeds made (customers, staff, registrants) is Infacta's
    made = User.objects.exclude(organisation__slug="acme")
    assert made.count() >= 5
    assert set(made.values_list("organisation_id", flat=True)) == {infacta.pk}
    # and each login names its business, and its accounts exist there
    assert {login.business for login in logins} == {INFACTA}
    with tenancy.bound(infacta.tenant):
        for login in logins:
            if login.is_person:
                assert User.objects.with_email(login.email).exists()
