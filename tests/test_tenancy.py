"""FD-16: every business is its own controller. Business data is reachable only through a
manager scoped to the business of the request (core.tenancy)."""

from __future__ import annotations

import pytest
from django.db import models

from frontdesk.core import tenancy


@pytest.mark.promise("FD-16")
def test_every_model_is_business_scoped_or_says_why_it_is_the_platforms():
    # when
    missing = tenancy.unscoped_models()
    # then
    assert missing == [], (
        "Give these a BUSINESS_SCOPE and a business-scoped manager (core.tenancy), "
        f"or a PLATFORM_MODEL reason: {missing}"
    )


@pytest.mark.promise("FD-16")
def test_a_model_without_a_scope_is_caught():
    # given: a model of business data with a plain manager
    class Note(models.Model):
        organisation = models.ForeignKey("access.Organisation", on_delete=models.CASCADE)

        class Meta:
            app_label = "core"

        def __str__(self) -> str:
            return "note"

    Note.__module__ = "frontdesk.core.models_for_the_test"
    try:
        # when / then
        assert "core.Note" in tenancy.unscoped_models()
        assert not tenancy.is_scoped(Note)
    finally:
        from django.apps import apps

        del apps.all_models["core"]["note"]
        apps.clear_cache()
