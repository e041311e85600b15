"""The security policy (QM-6): its versions and who accepted them (POLICY_PUBLISH or
AUDIT_READ; publishing needs POLICY_PUBLISH), and the page where staff accept the newest."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from frontdesk.access import capabilities as caps
from frontdesk.access.models import Organisation
from frontdesk.access.selectors import is_staff_member
from frontdesk.staff import services
from frontdesk.staff.forms import PolicyAcknowledgeForm, PolicyPublishForm
from frontdesk.staff.selectors.organisation import organisation_for
from frontdesk.staff.selectors.policy import pending_version, pending_versions, policy_versions
from frontdesk.staff.views.common import acting_user, render_page
from frontdesk.web.decorators import staff_view


def _policy_organisation(request: HttpRequest, org_id: int) -> tuple[Organisation, bool]:
    """The organisation, and whether the user may publish there (404 outsiders, 403 members
    holding neither POLICY_PUBLISH nor AUDIT_READ on the whole organisation)."""
    user = request.user
    try:
        return organisation_for(
            user=user, organisation_id=org_id, capability=caps.POLICY_PUBLISH
        ), True
    except PermissionDenied:
        return organisation_for(
            user=user, organisation_id=org_id, capability=caps.AUDIT_READ
        ), False


def _policy_page(
    request: HttpRequest,
    organisation: Organisation,
    form: PolicyPublishForm | None,
    status: int = 200,
) -> HttpResponse:
    context = {"versions": policy_versions(organisation), "form": form}
    return render_page(request, "staff/policy.html", organisation, context, status)


@require_http_methods(["GET", "POST"])
@staff_view
def policy(request: HttpRequest, org_id: int) -> HttpResponse:
    """The versions with their acknowledgements; the publishing form for publishers only."""
    organisation, publisher = _policy_organisation(request, org_id)
    if request.method != "POST":
        form = PolicyPublishForm(organisation=organisation) if publisher else None
        return _policy_page(request, organisation, form)
    if not publisher:
        raise PermissionDenied
    form = PolicyPublishForm(request.POST, organisation=organisation)
    if not form.is_valid():
        return _policy_page(request, organisation, form, status=400)
    try:
        published = services.policy_publish(
            actor=acting_user(request),
            organisation=organisation,
            version=form.cleaned_data["version"],
            text=form.cleaned_data["text"],
        )
    except IntegrityError:  # the same label, published by someone else meanwhile
        form.add_error("version", "This version label is already used; choose another.")
        return _policy_page(request, organisation, form, status=400)
    messages.success(
        request, f"Version {published.version} published; the staff concerned were told by e-mail."
    )
    return redirect("staff:policy", organisation.pk)


def _safe_next(request: HttpRequest, target: str) -> str | None:
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if target and allowed else None


def _acknowledge_page(
    request: HttpRequest, next_url: str, form: PolicyAcknowledgeForm | None = None
) -> HttpResponse:
    context = {"versions": pending_versions(request.user), "next": next_url, "form": form}
    return render(request, "staff/policy_acknowledge.html", context, status=400 if form else 200)


@require_http_methods(["GET", "POST"])
@staff_view
def acknowledge(request: HttpRequest) -> HttpResponse:
    """The versions this person must accept before opening customer data, one button each."""
    if not is_staff_member(request.user):  # customers and outsiders: no staff area at all
        raise Http404
    if request.method != "POST":
        return _acknowledge_page(request, _safe_next(request, request.GET.get("next", "")) or "")
    form = PolicyAcknowledgeForm(request.POST)
    if not form.is_valid():
        return _acknowledge_page(request, "", form)
    version = pending_version(request.user, version_id=form.cleaned_data["version"])
    services.policy_acknowledge(actor=acting_user(request), version=version)
    messages.success(request, f"You accepted version {version.version} of the security policy.")
    next_url = _safe_next(request, form.cleaned_data["next"])
    if pending_versions(request.user) or next_url is None:
        return redirect("staff:policy_acknowledge")
    return redirect(next_url)
