"""The shipped deployment: `frontdesk serve` listens on exactly one port and the task worker on
none (QL-8), and the `frontdesk` command reaches Django's management commands."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(FRONTDESK_VAR_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="frontdesk.config.settings")
    env.pop("DATABASE_URL", None)  # a throwaway SQLite database in tmp_path
    return env


def _listening(process: psutil.Process) -> set[tuple[str, int]]:
    family = {psutil.AF_LINK} if hasattr(psutil, "AF_LINK") else set()
    sockets: set[tuple[str, int]] = set()
    for member in [process, *process.children(recursive=True)]:
        for conn in member.net_connections(kind="inet"):
            if conn.status == psutil.CONN_LISTEN and conn.family not in family:
                sockets.add((conn.laddr.ip, conn.laddr.port))
    return sockets


def _wait_for_health(port: int, deadline: float) -> int:
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            return conn.getresponse().status
        except OSError:
            time.sleep(0.2)
    pytest.fail("frontdesk serve did not answer")


@pytest.mark.promise("QL-8")
def test_serve_listens_on_one_port_and_the_worker_on_none(tmp_path):
    # given: a migrated database
    env = _env(tmp_path)
    subprocess.run([BIN / "frontdesk", "migrate", "--noinput"], env=env, check=True)
    port = _free_port()
    # when: the web server and the worker run as shipped
    server = subprocess.Popen(
        [BIN / "frontdesk", "serve", "--bind", f"127.0.0.1:{port}", "--workers", "2"], env=env
    )
    worker = subprocess.Popen([BIN / "frontdesk", "worker"], env=env)
    try:
        assert _wait_for_health(port, time.monotonic() + 30) == 200
        time.sleep(1)  # let the worker start its threads
        # then
        assert _listening(psutil.Process(server.pid)) == {("127.0.0.1", port)}
        assert worker.poll() is None
        assert _listening(psutil.Process(worker.pid)) == set()
    finally:
        for process in (server, worker):
            process.terminate()
        for process in (server, worker):
            process.wait(timeout=30)


def test_frontdesk_command_verifies_the_audit_chain(tmp_path):
    env = _env(tmp_path)
    subprocess.run([BIN / "frontdesk", "migrate", "--noinput"], env=env, check=True)
    result = subprocess.run(
        [BIN / "frontdesk", "audit", "verify"], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "Audit chain intact" in result.stdout
