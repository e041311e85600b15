"""The staff home: the person's queues by location, and the links they may use (QL-16)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from frontdesk.staff.selectors.home import staff_home
from frontdesk.web.decorators import staff_view


@staff_view
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "staff/home.html", {"home": staff_home(user=request.user)})
