"""Forms of the support pages. They only parse input: the rules live in services and in
`attachments` (what a report may be)."""

from __future__ import annotations

from typing import Any

from django import forms

from frontdesk.support.models import Attachment, Team
from frontdesk.support.selectors import teams_taking_requests
from frontdesk.support.services.feedback import FEEDBACK_MAX
from frontdesk.support.services.staff import REASON_MAX
from frontdesk.support.services.tickets import BODY_MAX, NAME_MAX, REFERENCE_MAX, SUBJECT_MAX


def _team_field(label: str) -> forms.ModelChoiceField:  # type: ignore[type-arg]
    return forms.ModelChoiceField(
        queryset=Team.objects.none(),  # set per form: see `TeamForm`
        label=label,
        empty_label=None,
        error_messages={"required": "Choose who should help you."},
    )


class TeamForm(forms.Form):
    """A form with a `team` field offering the teams that take requests at the business the
    form is shown at (the host's). The choices are read for each form: a queryset made when
    the module is imported belongs to no business, and would offer every business's teams."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["team"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - narrows the type
        field.queryset = teams_taking_requests()


def _body_field(label: str, limit: int) -> forms.CharField:
    return forms.CharField(
        label=label, max_length=limit, widget=forms.Textarea(attrs={"rows": 6}), strip=True
    )


class TicketForm(TeamForm):
    """A new request from the signed-in customer."""

    team = _team_field("Who can help")
    subject = forms.CharField(max_length=SUBJECT_MAX)
    body = _body_field("Your message", BODY_MAX)
    purchase_reference = forms.CharField(
        required=False,
        max_length=REFERENCE_MAX,
        label="Licence or order reference (optional)",
        help_text="A product code or order number helps us find your purchase.",
    )


class PublicTicketForm(TicketForm):
    """A request from someone who cannot sign in: how to reach them, for this request only."""

    name = forms.CharField(max_length=NAME_MAX, label="Your name")
    email = forms.EmailField(
        label="Your e-mail address",
        help_text="We write to you here about this request only, with a link to follow it.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    field_order = ("team", "name", "email", "subject", "body", "purchase_reference")


class ReplyForm(forms.Form):
    body = _body_field("Your message", BODY_MAX)


class StaffReplyForm(forms.Form):
    body = _body_field("Answer", BODY_MAX)
    then = forms.ChoiceField(
        label="Then",
        choices=(
            ("waiting", "Wait for the customer"),
            ("resolved", "Mark resolved"),
            ("open", "Keep open"),
        ),
        initial="waiting",
    )


class AttachmentForm(forms.Form):
    """Step one of sending a report: the file (or pasted text) to preview. Nothing is sent."""

    kind = forms.ChoiceField(
        label="What are you sending?",
        choices=Attachment.Kind.choices,
        initial=Attachment.Kind.DIAGNOSTIC,
        widget=forms.RadioSelect,
    )
    upload = forms.FileField(
        required=False,
        label="A file from the support wizard (.txt or .json)",
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.json,text/plain,application/json"}),
    )
    text = forms.CharField(
        required=False,
        strip=False,
        label="Or paste the report here",
        widget=forms.Textarea(attrs={"rows": 8}),
    )


class ApproveForm(forms.Form):
    """Step two: the exact report shown on the preview, approved as it is."""

    stamp = forms.CharField(widget=forms.HiddenInput)
    content = forms.CharField(widget=forms.HiddenInput, strip=False)
    copy = forms.BooleanField(
        required=False, label="E-mail me an exact copy of what I send", initial=False
    )


class FraudForm(forms.Form):
    reason = forms.CharField(
        label="Why do you suspect fraud?",
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept with the request; its details are then kept for the longer period.",
    )


class FeedbackForm(TeamForm):
    team = _team_field("Your suggestion is for")
    body = _body_field("Your suggestion", FEEDBACK_MAX)
