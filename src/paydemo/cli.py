"""`paydemo --bind 127.0.0.1:8001`: run the demo payment provider on its own port."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from paydemo.app import make_app
from paydemo.config import Config
from paydemo.server import build_server


def parse_bind(value: str) -> tuple[str, int]:
    host, _, port = value.rpartition(":")
    if not host or not port.isdigit():
        raise argparse.ArgumentTypeError("use HOST:PORT, e.g. 127.0.0.1:8001")
    return host.strip("[]"), int(port)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="paydemo", description=__doc__)
    parser.add_argument("--bind", type=parse_bind, default=("127.0.0.1", 8001))
    parser.add_argument("--db", type=Path, help="the SQLite file (default: $PAYDEMO_DB)")
    args = parser.parse_args(argv)
    config = Config.from_env()
    if args.db is not None:
        config = replace(config, db_path=args.db)
    host, port = args.bind
    server = build_server(make_app(config), host, port)
    sys.stderr.write(f"paydemo: serving on http://{host}:{port}/ (database {config.db_path})\n")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
