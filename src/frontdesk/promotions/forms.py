"""Forms of the promotions pages. They only parse input: the rules live in services."""

from __future__ import annotations

from typing import Any

from django import forms

from frontdesk.licensing.models import Product


class RegistrationForm(forms.Form):
    """A person registering for an offer: how to reach them and the promotion code."""

    name = forms.CharField(max_length=150, label="Your name")
    email = forms.EmailField(max_length=254, label="E-mail address")
    code = forms.CharField(max_length=40, label="Promotion code")


class OfferForm(forms.Form):
    """Staff create an offer of one of their organisations' products."""

    product = forms.ModelChoiceField(queryset=Product.objects.none(), empty_label=None)
    name = forms.CharField(max_length=120)
    code = forms.SlugField(max_length=40, label="Promotion code")
    uses_limit = forms.IntegerField(min_value=1, label="Registrations in all")
    per_person_limit = forms.IntegerField(min_value=1, initial=1, label="Per person")
    starts_at = forms.DateTimeField(label="Starts (YYYY-MM-DD HH:MM)")
    ends_at = forms.DateTimeField(label="Ends (YYYY-MM-DD HH:MM)")

    def __init__(self, *args: Any, organisations: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["product"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - narrows the type
        field.queryset = Product.objects.filter(organisation_id__in=organisations)


class TerminateForm(forms.Form):
    reason = forms.CharField(max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))


class ReinstatementForm(forms.Form):
    details = forms.CharField(
        max_length=2000,
        required=False,
        label="Anything we should know (optional)",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
