"""The area's forms: sign-in (with "Remember this Account") and choosing a first password."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation

from frontdesk.identity.forms import LoginForm


class AreaLoginForm(LoginForm):
    remember = forms.BooleanField(
        label="Remember this account on this browser",
        required=False,
        help_text="Fills in your e-mail address next time. The cookie holds a random token, "
        "not your address; forget it here or in the area at any time.",
    )


class WelcomePasswordForm(forms.Form):
    """The new password twice; the password rules are applied by identity's service."""

    new_password = forms.CharField(
        label="Choose a password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password", "autofocus": True}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    new_password_again = forms.CharField(
        label="The same password again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        new, again = cleaned.get("new_password"), cleaned.get("new_password_again")
        if new and again and new != again:
            self.add_error("new_password_again", "The two passwords differ.")
        return cleaned
