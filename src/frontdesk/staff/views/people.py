"""People: the organisation's staff, their accounts and their grants (STAFF_MANAGE)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from frontdesk.access import capabilities as caps
from frontdesk.access import services as access
from frontdesk.access.models import Organisation
from frontdesk.identity import services as identity
from frontdesk.identity.selectors import has_second_factor
from frontdesk.staff import services
from frontdesk.staff.forms import GrantAddForm, StaffCreateForm
from frontdesk.staff.selectors.organisation import (
    grant_in,
    holds_grants,
    people_of,
    person_in,
)
from frontdesk.staff.views.common import acting_user, organisation_view, render_page

manage = organisation_view(caps.STAFF_MANAGE)


def _people_page(
    request: HttpRequest, organisation: Organisation, form: StaffCreateForm, status: int = 200
) -> HttpResponse:
    context = {"people": people_of(organisation), "form": form}
    return render_page(request, "staff/people.html", organisation, context, status)


@manage
def people(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    """The list of staff, and the form creating a staff account with its first grant."""
    if request.method != "POST":
        return _people_page(request, organisation, StaffCreateForm(organisation=organisation))
    form = StaffCreateForm(request.POST, organisation=organisation)
    if not form.is_valid():
        return _people_page(request, organisation, form, status=400)
    try:
        user, temporary_password = services.staff_onboard(
            actor=acting_user(request),
            organisation=organisation,
            email=form.cleaned_data["email"],
            full_name=form.cleaned_data["full_name"],
            role=form.cleaned_data["role"],
            scope=form.chosen_scope(),
        )
    except (ValidationError, IntegrityError):  # taken by someone else since the form's check
        form.add_error("email", "An account with this e-mail address already exists.")
        return _people_page(request, organisation, form, status=400)
    # Rendered, not redirected: the temporary password is shown this once and never stored
    # anywhere it could be shown again (the page is no-store).
    context = {"person": user, "password": temporary_password}
    return render_page(request, "staff/staff_created.html", organisation, context)


def _person_page(
    request: HttpRequest, organisation: Organisation, user_id: int, form: GrantAddForm | None
) -> HttpResponse:
    person = person_in(organisation, user_id=user_id)
    context = {
        "person": person,
        "form": form or GrantAddForm(organisation=organisation, user=person.user),
        "otp_enrolled": has_second_factor(person.user),
    }
    return render_page(request, "staff/person.html", organisation, context, 400 if form else 200)


@manage
def person(request: HttpRequest, organisation: Organisation, user_id: int) -> HttpResponse:
    return _person_page(request, organisation, user_id, None)


@require_POST
@manage
def grant_add(request: HttpRequest, organisation: Organisation, user_id: int) -> HttpResponse:
    person = person_in(organisation, user_id=user_id)
    form = GrantAddForm(request.POST, organisation=organisation, user=person.user)
    if not form.is_valid():
        return _person_page(request, organisation, user_id, form)
    role = form.cleaned_data["role"]
    access.grant_add(
        actor=acting_user(request), user=person.user, role=role, scope=form.chosen_scope()
    )
    messages.success(request, f"Granted the role {role}.")
    return redirect("staff:person", organisation.pk, user_id)


@require_POST
@manage
def grant_remove(
    request: HttpRequest, organisation: Organisation, user_id: int, grant_id: int
) -> HttpResponse:
    grant = grant_in(organisation, user_id=user_id, grant_id=grant_id)
    try:
        services.grant_revoke(actor=acting_user(request), grant=grant)
    except services.LastManagerError as error:
        messages.error(request, str(error))
        return redirect("staff:person", organisation.pk, user_id)
    messages.success(request, f"Removed the role {grant.role}.")
    if not holds_grants(organisation, user_id=user_id):  # no longer one of its staff
        return redirect("staff:people", organisation.pk)
    return redirect("staff:person", organisation.pk, user_id)


@require_POST
@manage
def unlock(request: HttpRequest, organisation: Organisation, user_id: int) -> HttpResponse:
    person = person_in(organisation, user_id=user_id)
    identity.account_unlock(actor=acting_user(request), user=person.user)
    messages.success(request, "The account is unlocked; they can sign in again.")
    return redirect("staff:person", organisation.pk, user_id)


@require_POST
@manage
def otp_reset(request: HttpRequest, organisation: Organisation, user_id: int) -> HttpResponse:
    person = person_in(organisation, user_id=user_id)
    identity.otp_reset(actor=acting_user(request), user=person.user)
    messages.success(request, "Second factor reset: they will enrol a new one at their next login.")
    return redirect("staff:person", organisation.pk, user_id)
