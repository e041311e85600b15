"""Forms of the queue pages. They only parse input: the rules live in services."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from frontdesk.queues.reports import MAX_DAYS, Period
from frontdesk.queues.services import NAME_MAX, customer_details


class CustomerForm(forms.Form):
    """Name, optional phone and the (unticked) SMS choice: to join, or to add a walk-in."""

    name = forms.CharField(
        max_length=NAME_MAX,
        error_messages={"required": "Enter your name, so staff can call you."},
    )
    phone = forms.CharField(
        required=False,
        max_length=32,
        label="Mobile phone (optional)",
        help_text="Only if you want SMS updates. It is used for this visit only.",
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    sms_opt_in = forms.BooleanField(required=False, initial=False, label="Send me SMS updates")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        try:
            data["name"], data["phone"] = customer_details(
                name=data.get("name", ""),
                phone=data.get("phone", ""),
                sms_opt_in=bool(data.get("sms_opt_in")),
            )
        except forms.ValidationError as error:
            self.add_error(None, error)
        return data


class PeriodForm(forms.Form):
    """A report period in whole days, both ends included; the last 7 days (or `days`) when not
    given. The queue and shop reports share it."""

    start = forms.DateField(label="From", widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="To", widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if isinstance(start, date) and isinstance(end, date):
            if end < start:
                self.add_error("end", "The end date must be on or after the start date.")
            elif (end - start).days >= MAX_DAYS:
                self.add_error("end", f"Choose a period of at most {MAX_DAYS} days.")
        return data

    @classmethod
    def from_query(cls, query: Any, *, days: int = 7, auto_id: str = "id_%s") -> PeriodForm:
        """Bound to the query string, or to the last `days` days when it has neither date."""
        if "start" in query or "end" in query:
            return cls(query, auto_id=auto_id)
        default = Period.last_days(days)
        return cls(
            {"start": default.first.isoformat(), "end": default.last.isoformat()}, auto_id=auto_id
        )

    @property
    def period(self) -> Period:
        return Period(first=self.cleaned_data["start"], last=self.cleaned_data["end"])
