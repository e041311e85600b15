"""The `frontdesk` command: a thin wrapper over Django management.

frontdesk migrate | serve | worker | demo | audit verify | privacy sweep | <any manage command>
"""

from __future__ import annotations

import os
import sys

from django.core.management import execute_from_command_line

ALIASES = {"worker": ["run_huey"]}


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "frontdesk.config.settings")
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in ALIASES:
        args = ALIASES[args[0]] + args[1:]
    execute_from_command_line(["frontdesk", *args])


if __name__ == "__main__":
    main()
