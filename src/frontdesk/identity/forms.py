"""HTML forms of the identity pages. They parse and validate input; services do the work."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation

from frontdesk.identity.models import User
from frontdesk.identity.scopes import SCOPES

PASSWORD_MAX = 128


class LoginForm(forms.Form):
    username = forms.CharField(
        label="E-mail",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        # Longer than any valid password, so a too-long one fails like any wrong one.
        max_length=PASSWORD_MAX * 2,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class RegisterForm(forms.Form):
    email = forms.EmailField(
        label="E-mail", max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )


class PasswordChangeForm(forms.Form):
    """The current password (so a borrowed session cannot take over the account) and the new
    one twice. The password rules are applied by the service."""

    current_password = forms.CharField(
        label="Current password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    new_password = forms.CharField(
        label="New password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    new_password_again = forms.CharField(
        label="New password again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_current_password(self) -> str:
        value: str = self.cleaned_data["current_password"]
        if not self.user.check_password(value):
            raise forms.ValidationError("Your current password was not right.")
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        new, again = cleaned.get("new_password"), cleaned.get("new_password_again")
        if new and again and new != again:
            self.add_error("new_password_again", "The two new passwords differ.")
        if new and cleaned.get("current_password") == new:
            self.add_error("new_password", "Choose a password different from the current one.")
        return cleaned


class OtpCodeForm(forms.Form):
    code = forms.RegexField(
        label="Code from your authenticator app",
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": "Enter the 6 digits your app shows."},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_code(self) -> str:
        return str(self.cleaned_data["code"]).strip()


class ApiTokenForm(forms.Form):
    name = forms.CharField(label="Name", max_length=80, help_text="What the token is for.")
    scopes = forms.MultipleChoiceField(
        label="Allowed to",
        choices=sorted(SCOPES.items()),
        widget=forms.CheckboxSelectMultiple,
    )
