"""Forms of the insights pages. They only parse input: the rules live in services."""

from __future__ import annotations

from django import forms

REPORT_DAYS = 30
PARTNER_DAYS = 183
BODY_MAX = 20_000


class PromotionForm(forms.Form):
    subject = forms.CharField(
        max_length=200,
        error_messages={"required": "Give the promotion a subject line."},
    )
    body = forms.CharField(
        label="Text",
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Plain text. An unsubscribe link is added to every e-mail.",
        error_messages={"required": "Write the promotion's text."},
    )
