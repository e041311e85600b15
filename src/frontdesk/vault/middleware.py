"""Each request opens a keyring scope: a person's key is unwrapped at most once per request and
never kept after it."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from frontdesk.vault import keyring


class KeyringScopeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with keyring.scope():
            return self.get_response(request)
