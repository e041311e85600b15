"""Paydemo's WSGI application: routes requests to the API and the hosted page."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from importlib import resources
from typing import Any

from paydemo import api, hosted, pages
from paydemo.config import Config
from paydemo.store import Store
from paydemo.web import BodyTooLargeError, Request, Response, api_error, html_response

SESSION_PATH = re.compile(r"/v1/sessions/(ps_[A-Za-z0-9_-]{1,64})(/refund|/expire)?")
PAY_PATH = re.compile(r"/pay/(ps_[A-Za-z0-9_-]{1,64})")
STYLESHEET = "/static/paydemo.css"


class PaydemoApp:
    def __init__(self, config: Config) -> None:
        self.config = config
        self.store = Store(config.db_path)
        self.stylesheet = resources.files("paydemo").joinpath("static/paydemo.css").read_bytes()

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        try:
            request = Request.from_environ(environ)
        except BodyTooLargeError:
            return api_error(413, "invalid_request", "The body is too large.").wsgi(start_response)
        return self.route(request).wsgi(start_response)

    def route(self, request: Request) -> Response:
        fixed = self._fixed(request.path)
        if fixed is not None:
            return fixed
        if request.path == "/v1/sessions":
            return self._api(request, allowed=("POST",), handler=self._create)
        if match := SESSION_PATH.fullmatch(request.path):
            allowed = ("POST",) if match[2] else ("GET",)
            return self._api(request, allowed=allowed, handler=self._one)
        if match := PAY_PATH.fullmatch(request.path):
            return self._hosted(request, match[1])
        html = pages.plain_page("Not found", "There is no such page.")
        return html_response(404, html, csp=hosted.csp())

    def _fixed(self, path: str) -> Response | None:
        """The stylesheet, the health probe and the favicon browsers ask for (there is none)."""
        if path == STYLESHEET:
            return Response(200, self.stylesheet, "text/css; charset=utf-8")
        if path == "/healthz":
            return Response(200, b"ok")
        if path == "/favicon.ico":
            return Response(204)
        return None

    def _api(
        self, request: Request, *, allowed: tuple[str, ...], handler: Callable[[Request], Response]
    ) -> Response:
        if request.method not in allowed:
            return api_error(405, "invalid_request", "Method not allowed.")
        if not api.authorised(request, self.config):
            return api_error(401, "authentication_error", "A valid API key is required.")
        return handler(request)

    def _create(self, request: Request) -> Response:
        return api.session_create(request, self.store, self.config)

    def _one(self, request: Request) -> Response:
        match = SESSION_PATH.fullmatch(request.path)
        session = self.store.session_get(match[1]) if match else None
        if match is None or session is None:
            return api_error(404, "not_found", "No such session.")
        if match[2] == "/refund":
            return api.session_refund(request, self.store, self.config, session)
        if match[2] == "/expire":
            return api.session_expire(self.store, self.config, session)
        return api.session_read(session)

    def _hosted(self, request: Request, session_id: str) -> Response:
        session = self.store.session_get(session_id)
        if session is None:
            html = pages.plain_page("Not found", "There is no such payment.")
            return html_response(404, html, csp=hosted.csp())
        if request.method == "GET":
            return hosted.page(request, self.store, self.config, session)
        if request.method == "POST":
            return hosted.pay(request, self.store, self.config, session)
        return html_response(
            405, pages.plain_page("Not allowed", "Use the form."), csp=hosted.csp()
        )


def make_app(config: Config | None = None) -> PaydemoApp:
    return PaydemoApp(config or Config.from_env())
