"""Gunicorn settings for `frontdesk serve`: one HTTP port (QL-8), threaded workers so that the
ticket pages' long polls wait in cheap threads rather than holding whole processes."""

from __future__ import annotations

import os

bind = os.environ.get("FRONTDESK_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("FRONTDESK_WEB_WORKERS", "2"))
worker_class = "gthread"
threads = int(os.environ.get("FRONTDESK_WEB_THREADS", "16"))
timeout = 60
graceful_timeout = 20
keepalive = 5
# Bounds on what a client may send before Django sees it (QM-3).
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190
forwarded_allow_ips = os.environ.get("FRONTDESK_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("FRONTDESK_ACCESS_LOG") or None
errorlog = "-"
wsgi_app = "frontdesk.config.wsgi:application"
