"""The record of disclosures the law required (QM-16): DISCLOSURES_RECORD on the whole
organisation, to read them (itself recorded) and to record one."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from frontdesk.access import capabilities as caps
from frontdesk.access.models import Organisation
from frontdesk.staff import services
from frontdesk.staff.forms import DisclosureForm
from frontdesk.staff.views.common import acting_user, organisation_view, render_page

recorder = organisation_view(caps.DISCLOSURES_RECORD)


def _disclosures_page(
    request: HttpRequest, organisation: Organisation, form: DisclosureForm, status: int = 200
) -> HttpResponse:
    disclosures = services.disclosures_read(actor=acting_user(request), organisation=organisation)
    context = {"disclosures": disclosures, "form": form}
    return render_page(request, "staff/disclosures.html", organisation, context, status)


@require_http_methods(["GET", "POST"])
@recorder
def disclosures(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    if request.method != "POST":
        return _disclosures_page(request, organisation, DisclosureForm())
    form = DisclosureForm(request.POST)
    if not form.is_valid():
        return _disclosures_page(request, organisation, form, status=400)
    data = form.cleaned_data
    services.disclosure_record(
        actor=acting_user(request),
        organisation=organisation,
        recipient=data["recipient"],
        legal_basis=data["legal_basis"],
        subject_user=data["subject"],
        description=data["description"],
        disclosed_at=data["disclosed_at"],
    )
    messages.success(request, f"The disclosure to {data['recipient']} is recorded.")
    return redirect("staff:disclosures", organisation.pk)
