"""The auditor's screen: the organisation's audit log, filtered, paginated (AUDIT_READ).

Reading it is itself recorded (FD-3). The filter form is posted, because "who" may be an
e-mail address: the view turns it into the user id and redirects to a URL that carries only
ids (QL-7).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from frontdesk.access import capabilities as caps
from frontdesk.access.models import Organisation
from frontdesk.staff import services
from frontdesk.staff.forms import AuditFilterForm
from frontdesk.staff.views.common import acting_user, organisation_view, render_page

audit_reader = organisation_view(caps.AUDIT_READ)


def _positive_int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@audit_reader
def audit_log(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    data = request.POST if request.method == "POST" else request.GET
    form = AuditFilterForm(data, organisation=organisation)
    if not form.is_valid():  # bad filters read nothing, so nothing is recorded either
        return render_page(request, "staff/audit.html", organisation, {"form": form}, 400)
    filters = form.filters()
    if request.method == "POST":  # back to a GET whose URL carries ids only
        url = reverse("staff:audit", args=[organisation.pk])
        return redirect(f"{url}?{urlencode(filters.query())}" if filters.query() else url)
    result = services.audit_log_read(
        actor=acting_user(request),
        organisation=organisation,
        filters=filters,
        page_number=request.GET.get("page"),
        upto=_positive_int(request.GET.get("upto")),
    )
    pages = urlencode({**filters.query(), "upto": result.upto})
    context = {"form": form, "result": result, "query": pages}
    return render_page(request, "staff/audit.html", organisation, context)


@require_POST
@audit_reader
def audit_verify(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    checked, problem = services.audit_chain_check(
        actor=acting_user(request), organisation=organisation
    )
    if problem is None:
        messages.success(request, f"Chain intact: {checked} events checked, none altered.")
    else:
        messages.error(
            request,
            f"Chain broken at event #{problem.seq}: {problem.reason}. "
            f"{checked} events before it are intact.",
        )
    return redirect("staff:audit", organisation.pk)
