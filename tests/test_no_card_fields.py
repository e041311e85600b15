"""Card numbers never reach Frontdesk (FD-6, JF-1): no model field and no form field of any
Frontdesk app is a card field, so there is nowhere for one to be typed or stored. (Paydemo, the
stand-in provider, is a separate program with its own database: its card page is its own.)"""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from django import forms
from django.apps import apps

import frontdesk
from frontdesk.licensing.cardcheck import card_like_name


def _form_classes() -> set[type[forms.BaseForm]]:
    for module in pkgutil.walk_packages(frontdesk.__path__, "frontdesk."):
        if module.name.endswith((".forms", ".views")) or ".forms." in module.name:
            importlib.import_module(module.name)
    found: set[type[forms.BaseForm]] = set()
    pending: list[type[forms.BaseForm]] = [forms.Form, forms.ModelForm]
    while pending:
        for subclass in pending.pop().__subclasses__():
            if subclass not in found:
                found.add(subclass)
                pending.append(subclass)
    return {form for form in found if form.__module__.startswith("frontdesk.")}


@pytest.mark.promise("FD-6", "JF-1")
def test_no_model_of_frontdesk_has_a_card_field():
    # given: every model of every Frontdesk app
    models = [m for m in apps.get_models() if m.__module__.startswith("frontdesk.")]
    assert len(models) > 20  # the scan reached the apps
    # then
    card_fields = [
        f"{model._meta.label}.{field.name}"
        for model in models
        for field in model._meta.get_fields()
        if card_like_name(field.name)
    ]
    assert card_fields == []


@pytest.mark.promise("FD-6", "JF-1")
def test_no_form_of_frontdesk_asks_for_a_card():
    # given: every form class of every Frontdesk app (among them the details form that the
    # checkout and the one-page order form share)
    classes = _form_classes()
    names = {form.__name__ for form in classes}
    assert {"DetailsForm", "QuantityForm"} <= names, names
    # then
    card_fields = [
        f"{form.__module__}.{form.__name__}.{name}"
        for form in classes
        for name in getattr(form, "base_fields", {})
        if card_like_name(name)
    ]
    assert card_fields == []


def test_the_scan_recognises_card_fields():
    # the detector the two tests rely on, on names a card form would use
    assert all(map(card_like_name, ["card_number", "cardNumber", "cc_num", "cvc", "pan"]))
    assert not any(map(card_like_name, ["contact_name", "shipping_street", "email", "quantity"]))
