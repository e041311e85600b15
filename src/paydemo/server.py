"""Serving Paydemo with the standard library's WSGI server, one thread per request."""

from __future__ import annotations

import sys
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from paydemo.app import PaydemoApp


class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class QuietHandler(WSGIRequestHandler):
    """Logs one line per request, without the query string, or nothing when `quiet`."""

    quiet = False

    def log_message(self, format: str, *args: Any) -> None:
        if not self.quiet:
            status = args[1] if len(args) > 1 else "-"
            sys.stderr.write(f"paydemo {self.command} {self.path.split('?')[0]} {status}\n")


class SilentHandler(QuietHandler):
    quiet = True


def build_server(app: PaydemoApp, host: str, port: int, *, quiet: bool = False) -> WSGIServer:
    handler = SilentHandler if quiet else QuietHandler
    return make_server(host, port, app, server_class=ThreadingWSGIServer, handler_class=handler)
