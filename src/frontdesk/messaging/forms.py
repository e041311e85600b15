"""Forms of the public messaging pages."""

from __future__ import annotations

from django import forms


class AnnouncementJoinForm(forms.Form):
    email = forms.EmailField(
        label="Your e-mail address",
        max_length=254,
        error_messages={
            "required": "Enter the e-mail address the announcements should go to.",
            "invalid": "Enter an e-mail address such as name@example.org.",
        },
    )
