"""Roles: named sets of capabilities of the organisation (STAFF_MANAGE)."""

from __future__ import annotations

from django.contrib import messages
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from frontdesk.access import capabilities as caps
from frontdesk.access import services as access
from frontdesk.access.models import Organisation
from frontdesk.staff import services
from frontdesk.staff.forms import RoleCapabilitiesForm, RoleCreateForm
from frontdesk.staff.selectors.organisation import role_entries, role_holders, role_in
from frontdesk.staff.views.common import acting_user, organisation_view, render_page

manage = organisation_view(caps.STAFF_MANAGE)


def _roles_page(
    request: HttpRequest, organisation: Organisation, form: RoleCreateForm, status: int = 200
) -> HttpResponse:
    context = {"roles": role_entries(organisation), "form": form}
    return render_page(request, "staff/roles.html", organisation, context, status)


@manage
def roles(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    """The organisation's roles, and the form creating one."""
    if request.method != "POST":
        return _roles_page(request, organisation, RoleCreateForm(organisation=organisation))
    form = RoleCreateForm(request.POST, organisation=organisation)
    if not form.is_valid():
        return _roles_page(request, organisation, form, status=400)
    try:
        role = access.role_create(
            actor=acting_user(request),
            organisation=organisation,
            name=form.cleaned_data["name"],
            capabilities=form.cleaned_data["capabilities"],
        )
    except IntegrityError:  # the same name, created by someone else meanwhile
        form.add_error("name", "There is already a role with this name.")
        return _roles_page(request, organisation, form, status=400)
    messages.success(request, f"Role {role} created.")
    return redirect("staff:roles", organisation.pk)


@manage
def role(request: HttpRequest, organisation: Organisation, role_id: int) -> HttpResponse:
    """One role: change its capabilities, or delete it once nobody holds it."""
    current = role_in(organisation, role_id=role_id)
    form = RoleCapabilitiesForm(
        request.POST if request.method == "POST" else None,
        initial={"capabilities": current.capabilities},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.role_capabilities_change(
                actor=acting_user(request),
                role=current,
                capabilities=form.cleaned_data["capabilities"],
            )
        except services.LastManagerError as error:
            form.add_error("capabilities", str(error))
        else:
            messages.success(request, f"Capabilities of {current} saved.")
            return redirect("staff:roles", organisation.pk)
    context = {"role": current, "form": form, "holders": role_holders(current)}
    status = 400 if form.errors else 200
    return render_page(request, "staff/role.html", organisation, context, status)


@require_POST
@manage
def role_delete(request: HttpRequest, organisation: Organisation, role_id: int) -> HttpResponse:
    current = role_in(organisation, role_id=role_id)
    try:
        access.role_delete(actor=acting_user(request), role=current)
    except access.RoleInUseError as error:
        messages.error(request, str(error))
        return redirect("staff:role", organisation.pk, role_id)
    messages.success(request, f"Role {current} deleted.")
    return redirect("staff:roles", organisation.pk)
