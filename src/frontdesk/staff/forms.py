"""Forms of the staff area. They validate input only; the views hand clean data to services."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from django import forms

from frontdesk.access import capabilities as caps
from frontdesk.access.models import Grant, Organisation, Role
from frontdesk.access.scopes import Scope
from frontdesk.access.services import LOCATION_NAME_MAX
from frontdesk.audit.actions import ACTIONS
from frontdesk.core import clock
from frontdesk.identity.selectors import normalize_email, user_by_email
from frontdesk.queues.services import MINUTES_MAX, QUEUE_NAME_MAX
from frontdesk.staff.selectors.audit import AuditFilters, actor_by_email
from frontdesk.staff.selectors.disclosures import disclosure_subject
from frontdesk.staff.selectors.organisation import roles_of, scope_choices
from frontdesk.staff.selectors.policy import policy_version_taken

CAPABILITY_CHOICES = list(caps.CAPABILITIES.items())


class _ScopedGrantForm(forms.Form):
    """A role of the organisation and a scope of the same organisation to hold it on."""

    role = forms.ModelChoiceField(queryset=Role.objects.none(), empty_label=None)
    scope = forms.ChoiceField(choices=(), help_text="Where the role applies.")

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        # Only this organisation's roles and scopes are valid answers: anything else is refused
        # as an invalid choice (QL-15).
        cast("forms.ModelChoiceField[Role]", self.fields["role"]).queryset = roles_of(organisation)
        cast(forms.ChoiceField, self.fields["scope"]).choices = scope_choices(organisation)

    def chosen_scope(self) -> Scope:
        kind, _, pk = self.cleaned_data["scope"].partition(":")
        return Scope(kind, int(pk))


class StaffCreateForm(_ScopedGrantForm):
    email = forms.EmailField(label="E-mail", max_length=254)
    full_name = forms.CharField(label="Full name", max_length=150)
    field_order = ("email", "full_name", "role", "scope")

    def clean_email(self) -> str:
        email = normalize_email(self.cleaned_data["email"])
        if user_by_email(email) is not None:
            raise forms.ValidationError("An account with this e-mail address already exists.")
        return email


class GrantAddForm(_ScopedGrantForm):
    def __init__(self, *args: Any, organisation: Organisation, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, organisation=organisation, **kwargs)
        self.user = user

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        if self.errors:
            return cleaned
        scope = self.chosen_scope()
        held = Grant.objects.filter(
            user=self.user, role=self.cleaned_data["role"], scope_kind=scope.kind, scope_id=scope.id
        )
        if held.exists():
            raise forms.ValidationError("They already hold this role there.")
        return cleaned


class RoleCapabilitiesForm(forms.Form):
    capabilities = forms.MultipleChoiceField(
        choices=CAPABILITY_CHOICES, widget=forms.CheckboxSelectMultiple, required=False
    )


class RoleCreateForm(RoleCapabilitiesForm):
    name = forms.CharField(max_length=80)
    field_order = ("name", "capabilities")

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        if roles_of(self.organisation).filter(name__iexact=name).exists():
            raise forms.ValidationError("There is already a role with this name.")
        return name


def _action_choices() -> list[Any]:
    groups: dict[str, list[tuple[str, str]]] = {}
    for action, description in ACTIONS.items():
        app = action.split(".", 1)[0]
        groups.setdefault(app, [(f"{app}.", f"Any {app} event")]).append((action, description))
    return [("", "Any action"), *((app.capitalize(), choices) for app, choices in groups.items())]


class AuditFilterForm(forms.Form):
    """Who, what, when and on what. `actor` takes an e-mail address or a user id; the page's
    URL only ever carries the id (the view turns an e-mail into it, QL-7)."""

    actor = forms.CharField(
        label="Who", max_length=254, required=False, help_text="E-mail address or user id."
    )
    action = forms.ChoiceField(label="What", choices=_action_choices, required=False)
    since = forms.DateField(
        label="From", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label="To", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    target_type = forms.CharField(
        label="Target type", max_length=64, required=False, help_text="For example queues.ticket."
    )
    target_id = forms.CharField(label="Target id", max_length=64, required=False)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation

    def clean_actor(self) -> int | None:
        who: str = self.cleaned_data["actor"].strip()
        if not who:
            return None
        if who.isdigit():
            return int(who)
        if "@" not in who:
            raise forms.ValidationError("Give an e-mail address or a user id.")
        actor_id = actor_by_email(self.organisation, who)
        if actor_id is None:
            raise forms.ValidationError("Nobody with this e-mail address acted here.")
        return actor_id

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        since, until = self.cleaned_data.get("since"), self.cleaned_data.get("until")
        if since and until and since > until:
            self.add_error("until", "The end date is before the start date.")
        return cleaned

    def filters(self) -> AuditFilters:
        data = self.cleaned_data
        return AuditFilters(
            actor_id=data["actor"],
            action=data["action"],
            since=data["since"],
            until=data["until"],
            target_type=data["target_type"].strip(),
            target_id=data["target_id"].strip(),
        )


class LocationForm(forms.Form):
    """A location's name (to create one, or to rename it)."""

    name = forms.CharField(
        label="Name",
        max_length=LOCATION_NAME_MAX,
        error_messages={"required": "Enter a name for the location."},
    )


_MINUTES = f"Enter the expected service time in whole minutes, from 1 to {MINUTES_MAX}."


class QueueForm(forms.Form):
    """A queue's name and expected service time (to create one, or to change it)."""

    name = forms.CharField(
        label="Name",
        max_length=QUEUE_NAME_MAX,
        error_messages={"required": "Enter a name for the queue."},
    )
    expected_service_minutes = forms.IntegerField(
        label="Expected service time (minutes)",
        min_value=1,
        max_value=MINUTES_MAX,
        initial=5,
        help_text="Used to estimate waits until customers have been served.",
        error_messages=dict.fromkeys(("required", "invalid", "min_value", "max_value"), _MINUTES),
    )


class PolicyPublishForm(forms.Form):
    """A new version of the organisation's security policy: a label not used before, and the
    whole text."""

    version = forms.CharField(
        label="Version",
        max_length=40,
        help_text="For example 2025-1. Each version of the policy has its own label.",
        error_messages={"required": "Give the version a label."},
    )
    text = forms.CharField(
        label="Text of the policy",
        max_length=100_000,
        widget=forms.Textarea(attrs={"rows": 16}),
        error_messages={"required": "Enter the text of the policy."},
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation

    def clean_version(self) -> str:
        version: str = self.cleaned_data["version"].strip()
        if policy_version_taken(self.organisation, version=version):
            raise forms.ValidationError("This version label is already used; choose another.")
        return version


class PolicyAcknowledgeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    next = forms.CharField(widget=forms.HiddenInput, required=False, max_length=2000)


class DisclosureForm(forms.Form):
    """A disclosure the law required: to whom, under which law or order, about whom, what, and
    when. The person is named by e-mail address or account number; only the number is kept."""

    recipient = forms.CharField(
        label="Disclosed to",
        max_length=200,
        help_text="The authority or third party that received the data.",
        error_messages={"required": "Name the authority or third party."},
    )
    legal_basis = forms.CharField(
        label="Legal basis",
        max_length=500,
        help_text="The law, court order or request that required it, with its reference.",
        error_messages={"required": "Give the law or order that required the disclosure."},
    )
    subject = forms.CharField(
        label="Person concerned",
        max_length=254,
        required=False,
        help_text="Their e-mail address or account number, if they have an account.",
    )
    description = forms.CharField(
        label="What was disclosed",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Describe what was disclosed."},
    )
    disclosed_at = forms.DateTimeField(
        label="Disclosed on",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        error_messages={
            "required": "Give the date and time of the disclosure.",
            "invalid": "Give the date and time of the disclosure.",
        },
    )

    def clean_subject(self) -> Any:
        value: str = self.cleaned_data["subject"].strip()
        if not value:
            return None
        user = disclosure_subject(value)
        if user is None:
            raise forms.ValidationError("No account has this e-mail address or number.")
        return user

    def clean_disclosed_at(self) -> datetime:
        disclosed_at: datetime = self.cleaned_data["disclosed_at"]
        if disclosed_at > clock.now():
            raise forms.ValidationError("A disclosure cannot be recorded before it happens.")
        return disclosed_at
