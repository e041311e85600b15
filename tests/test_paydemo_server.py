"""`paydemo --bind HOST:PORT` runs the demo provider as its own program on its own port, with
its own database (PAYDEMO_DB)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _command() -> list[str]:
    beside = Path(sys.executable).with_name("paydemo")
    return [str(beside)] if beside.exists() else [sys.executable, "-m", "paydemo"]


def test_paydemo_serves_on_its_own_port_with_its_own_database(tmp_path):
    # given
    port = _free_port()
    env = dict(os.environ, PAYDEMO_DB=str(tmp_path / "own.sqlite3"))
    # when
    process = subprocess.Popen(
        [*_command(), "--bind", f"127.0.0.1:{port}"],
        env=env,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    status = r.status
                break
            except OSError:
                assert time.monotonic() < deadline, "paydemo did not answer"
                time.sleep(0.1)
        # then
        assert status == 200
        assert (tmp_path / "own.sqlite3").exists()
    finally:
        process.terminate()
        process.wait(timeout=10)
