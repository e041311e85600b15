"""The little HTTP plumbing a plain WSGI app needs: a request, a response, security headers."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

MAX_BODY = 64 * 1024
REASONS = {
    200: "OK",
    204: "No Content",
    303: "See Other",
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    409: "Conflict",
    410: "Gone",
    413: "Content Too Large",
}
BASE_HEADERS = (
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("X-Frame-Options", "DENY"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("Cache-Control", "no-store"),
)


class BodyTooLargeError(Exception):
    pass


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    scheme: str
    host: str

    @classmethod
    def from_environ(cls, environ: dict[str, Any]) -> Request:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        if length > MAX_BODY:
            raise BodyTooLargeError
        body = environ["wsgi.input"].read(length) if length else b""
        headers = {
            key[5:].replace("_", "-").lower(): str(value)
            for key, value in environ.items()
            if key.startswith("HTTP_")
        }
        if "CONTENT_TYPE" in environ:
            headers["content-type"] = str(environ["CONTENT_TYPE"])
        forwarded = headers.get("x-forwarded-proto", "")
        return cls(
            method=str(environ.get("REQUEST_METHOD", "GET")).upper(),
            path=str(environ.get("PATH_INFO", "/")),
            headers=headers,
            body=body,
            scheme=forwarded or str(environ.get("wsgi.url_scheme", "http")),
            host=headers.get("host", "") or str(environ.get("SERVER_NAME", "")),
        )

    def form(self) -> dict[str, str]:
        parsed = parse_qs(self.body.decode("utf-8", "replace"), keep_blank_values=True)
        return {name: values[0] for name, values in parsed.items()}

    def json(self) -> Any:
        return json.loads(self.body.decode("utf-8"))


@dataclass
class Response:
    status: int
    body: bytes = b""
    content_type: str = "text/plain; charset=utf-8"
    headers: list[tuple[str, str]] = field(default_factory=list)

    def wsgi(self, start_response: Any) -> Iterable[bytes]:
        headers = [
            *BASE_HEADERS,
            ("Content-Type", self.content_type),
            ("Content-Length", str(len(self.body))),
            *self.headers,
        ]
        start_response(f"{self.status} {REASONS.get(self.status, 'OK')}", headers)
        return [self.body]


def json_response(status: int, payload: Any) -> Response:
    return Response(status, json.dumps(payload).encode("utf-8"), "application/json")


def api_error(status: int, kind: str, message: str) -> Response:
    return json_response(status, {"error": {"type": kind, "message": message}})


def html_response(status: int, html: str, *, csp: str) -> Response:
    return Response(
        status,
        html.encode("utf-8"),
        "text/html; charset=utf-8",
        [("Content-Security-Policy", csp)],
    )


def redirect(url: str, *, csp: str) -> Response:
    return Response(303, b"", headers=[("Location", url), ("Content-Security-Policy", csp)])
