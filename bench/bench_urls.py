"""The real URLs plus `/bench/bare/`: a Django view doing nothing, served by the same server."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from frontdesk.config.urls import urlpatterns as real_urlpatterns


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare), *real_urlpatterns]
