"""Reports of one queue or of every queue at a location (QL-17: "access reports")."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from frontdesk.access import capabilities as caps
from frontdesk.access.models import Location
from frontdesk.access.selectors import get_for_user
from frontdesk.queues import services
from frontdesk.queues.charts import bar_chart
from frontdesk.queues.forms import PeriodForm
from frontdesk.queues.models import Queue

HOURS = [f"{hour:02d}" for hour in range(24)]


@never_cache
@login_required
@require_GET
def queue_report(request: HttpRequest, queue_id: int) -> HttpResponse:
    queue = get_for_user(
        Queue.objects.select_related("location"),
        user=request.user,
        capability=caps.QUEUE_REPORTS,
        pk=queue_id,
    )
    return _render(request, subject=queue, queues=[queue], title=f"{queue.name} report")


@never_cache
@login_required
@require_GET
def location_report(request: HttpRequest, location_id: int) -> HttpResponse:
    location = get_for_user(
        Location.objects.all(), user=request.user, capability=caps.QUEUE_REPORTS, pk=location_id
    )
    queues = list(Queue.objects.filter(location=location).order_by("name"))
    return _render(request, subject=location, queues=queues, title=f"{location.name} report")


def _render(
    request: HttpRequest, *, subject: Model, queues: list[Queue], title: str
) -> HttpResponse:
    form = PeriodForm.from_query(request.GET)
    context = {"form": form, "title": title, "subject": subject, "queues": queues}
    if not form.is_valid():
        return render(request, "queues/report.html", context, status=400)
    report = services.queue_report_open(
        actor=request.user, queues=queues, period=form.period, subject=subject
    )
    context |= {
        "report": report,
        "period": form.period,
        "chart": bar_chart(report.arrivals_by_hour, HOURS),
    }
    return render(request, "queues/report.html", context)
