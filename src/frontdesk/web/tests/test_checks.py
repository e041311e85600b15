"""System checks that refuse a configuration breaking the security baseline at start-up."""

from __future__ import annotations

import pytest
from django.core.checks import run_checks

LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
DUMMY = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
DBCACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "frontdesk_cache",
    }
}


def _ids() -> set[str]:
    return {message.id for message in run_checks() if message.id and message.id.startswith("web.")}


@pytest.mark.promise("QL-6", "QM-3")
@pytest.mark.parametrize("caches", [LOCMEM, DUMMY], ids=["locmem", "dummy"])
def test_production_refuses_a_cache_that_is_not_shared(settings, caches):
    # given
    settings.PRODUCTION = True
    settings.CACHES = caches
    # when
    ids = _ids()
    # then
    assert "web.E001" in ids


@pytest.mark.promise("QL-6")
def test_production_accepts_the_database_cache(settings):
    # given
    settings.PRODUCTION = True
    settings.CACHES = DBCACHE
    # then
    assert "web.E001" not in _ids()


@pytest.mark.promise("QL-6")
def test_a_local_run_may_use_a_process_cache(settings):
    # given
    settings.PRODUCTION = False
    settings.CACHES = LOCMEM
    # then
    assert "web.E001" not in _ids()


@pytest.mark.promise("QM-4")
@pytest.mark.parametrize("source", ["'unsafe-inline'", "'unsafe-eval'"])
def test_a_csp_allowing_inline_or_eval_is_refused(settings, source):
    # given
    policy = {"DIRECTIVES": {"default-src": ["'self'"], "script-src": ["'self'", source]}}
    settings.CONTENT_SECURITY_POLICY = policy
    # then
    assert "web.E002" in _ids()


@pytest.mark.promise("QM-4")
def test_the_shipped_csp_passes():
    assert "web.E002" not in _ids()


@pytest.mark.promise("QL-6")
def test_a_malformed_rate_is_refused(settings):
    # given
    settings.FRONTDESK_RATE_LIMIT_WRITE = "lots"
    # then
    assert "web.E003" in _ids()


@pytest.mark.promise("FD-13", "JF-8")
def test_security_contact_must_be_a_uri(settings):
    # given
    settings.FRONTDESK_SECURITY_CONTACT = "security@example.org"
    # then
    assert "web.E004" in _ids()


@pytest.mark.promise("FD-13")
def test_security_txt_must_expire_within_a_year(settings):
    # given
    settings.FRONTDESK_SECURITY_TXT_DAYS = 400
    # then
    assert "web.E005" in _ids()


def test_the_shipped_settings_pass_every_web_check():
    assert _ids() == set()
