"""Forms of the insights pages. They only parse input: the rules live in services."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils import timezone

from frontdesk.core import clock
from frontdesk.queues.reports import MAX_DAYS, Period

REPORT_DAYS = 30
PARTNER_DAYS = 183
BODY_MAX = 20_000


class PeriodForm(forms.Form):
    """A period in whole days, both ends included; the last `days` days when not given."""

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
    def from_query(
        cls, query: Any, *, days: int = REPORT_DAYS, auto_id: str = "id_%s"
    ) -> PeriodForm:
        """Bound to the query string, or to the last `days` days when it has neither date."""
        if "start" in query or "end" in query:
            return cls(query, auto_id=auto_id)
        today = timezone.localdate(clock.now())
        first = today - timedelta(days=days - 1)
        return cls({"start": first.isoformat(), "end": today.isoformat()}, auto_id=auto_id)

    @property
    def period(self) -> Period:
        return Period(first=self.cleaned_data["start"], last=self.cleaned_data["end"])


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
