"""Requests per second for the public ticket page and the staff board, next to a bare Django
view served by the same gunicorn (several workers, production-like) in the same run.

Prints ratios against the bare view; asserts nothing. Traffic goes to 127.0.0.1 only, and
every loop is bounded in requests and time.

    make bench            # or: .venv/bin/python bench/load.py --seconds 5 --clients 8
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def run(argv: list[str], env: dict[str, str]) -> str:
    return subprocess.run(argv, env=env, check=True, capture_output=True, text=True).stdout


def wait_ready(port: int, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status < 500:  # noqa: PLR2004
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("the server did not come up")


def hammer(port: int, path: str, cookie: str, *, clients: int, seconds: float) -> tuple[int, int]:
    """Send requests from `clients` keep-alive connections for `seconds`; (ok, errors)."""
    counts = [[0, 0] for _ in range(clients)]
    stop_at = time.monotonic() + seconds
    max_requests = 1_000_000

    def client(slot: list[int]) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        headers = {"Cookie": cookie} if cookie else {}
        while time.monotonic() < stop_at and sum(slot) < max_requests:
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                slot[0 if response.status == 200 else 1] += 1  # noqa: PLR2004
            except (OSError, http.client.HTTPException):
                slot[1] += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)

    threads = [threading.Thread(target=client, args=(slot,)) for slot in counts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(slot[0] for slot in counts), sum(slot[1] for slot in counts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--waiting", type=int, default=50, help="tickets waiting in the queue")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="frontdesk-bench-") as var:
        env = dict(os.environ)
        env.update(
            FRONTDESK_VAR_DIR=var,
            DJANGO_SETTINGS_MODULE="bench_settings",
            PYTHONPATH=os.pathsep.join([str(HERE), str(ROOT / "src")]),
            FRONTDESK_TASKS_IMMEDIATE="1",
        )
        run([str(BIN / "frontdesk"), "migrate", "--noinput"], env)
        targets = json.loads(run([sys.executable, str(HERE / "seed.py"), str(args.waiting)], env))
        port = free_port()
        server = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "--config",
                "python:frontdesk.ops.gunicorn_conf",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(args.workers),
                "--log-level",
                "warning",
            ],
            env=env,
        )
        try:
            wait_ready(port, time.monotonic() + 30)
            rows = []
            for name, path, cookie in (
                ("bare Django view", "/bench/bare/", ""),
                ("public ticket page", targets["ticket"], ""),
                ("staff board", targets["board"], targets["cookie"]),
            ):
                hammer(port, path, cookie, clients=2, seconds=0.5)  # warm up
                ok, errors = hammer(port, path, cookie, clients=args.clients, seconds=args.seconds)
                rows.append((name, ok / args.seconds, errors))
        finally:
            server.terminate()
            server.wait(timeout=30)

    baseline = rows[0][1] or 1.0
    print(f"gunicorn, {args.workers} workers, {args.clients} clients, {args.seconds:.0f} s each,")
    print(f"{args.waiting} customers waiting\n")
    print(f"{'target':<22}{'req/s':>10}{'vs bare':>10}{'errors':>8}")
    for name, rps, errors in rows:
        print(f"{name:<22}{rps:>10.1f}{rps / baseline:>10.2f}{errors:>8}")


if __name__ == "__main__":
    main()
