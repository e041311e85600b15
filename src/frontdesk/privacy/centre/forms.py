"""Forms of the privacy centre. They parse and check input; services do the work."""

from __future__ import annotations

from typing import Any

from django import forms

from frontdesk.identity.models import User
from frontdesk.identity.selectors import normalize_email

PASSWORD_MAX = 256
WRONG_PASSWORD = "Your password was not right."  # noqa: S105 - a message


def _password_field(label: str = "Your password", *, required: bool = True) -> forms.CharField:
    return forms.CharField(
        label=label,
        strip=False,
        required=required,
        max_length=PASSWORD_MAX,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class PasswordConfirmForm(forms.Form):
    """The current password, so a borrowed or stolen session cannot act for the person."""

    password = _password_field()

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        value: str = self.cleaned_data["password"]
        if not self.user.check_password(value):
            raise forms.ValidationError(WRONG_PASSWORD)
        return value


class ProfileForm(forms.Form):
    """Own name and e-mail address; a new address needs the current password."""

    full_name = forms.CharField(label="Name", max_length=150, required=False)
    email = forms.EmailField(
        label="E-mail", max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    password = _password_field("Current password (needed to change your e-mail)", required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        self.user = user
        kwargs.setdefault("initial", {"full_name": user.full_name, "email": user.email})
        super().__init__(*args, **kwargs)

    def clean_email(self) -> str:
        return normalize_email(self.cleaned_data["email"])

    @property
    def email_changed(self) -> bool:
        return (
            bool(self.cleaned_data.get("email")) and self.cleaned_data["email"] != self.user.email
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.email_changed and not self.user.check_password(cleaned.get("password") or ""):
            self.add_error("password", "Enter your current password to change your e-mail.")
        return cleaned


class CodeForm(forms.Form):
    code = forms.RegexField(
        label="Code from the e-mail",
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": "Enter the 6 digits of the code we e-mailed you."},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class CorrectionForm(forms.Form):
    details = forms.CharField(
        label="What is wrong, and what should it be?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="For example: “My name on my orders is spelt Jon; it should be John.”",
    )


class ErasureForm(PasswordConfirmForm):
    details = forms.CharField(
        label="Anything we should know (optional)",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirm = forms.BooleanField(
        label="I understand that my account and data will be erased, except what the law "
        "makes us keep, which is kept without my identity.",
        error_messages={"required": "Tick the box to confirm you want your data erased."},
    )


class DeactivateForm(PasswordConfirmForm):
    confirm = forms.BooleanField(
        label="I understand that I will be signed out and cannot sign in again until the "
        "account is reinstated.",
        error_messages={"required": "Tick the box to confirm."},
    )


class ReinstatementForm(forms.Form):
    email = forms.EmailField(
        label="The e-mail address of the account",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    details = forms.CharField(
        label="Why should the account be reinstated? (optional)",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label="Reason for the refusal (the person sees it)",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
