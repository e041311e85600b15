"""A person's word for a browser's User-Agent header: "Firefox on Windows", for the list of
recent sign-ins (IN-20). Only a summary; the full header stays with the sign-in record."""

from __future__ import annotations

import re

# Most specific first: Edge and Opera also say "Chrome", Chrome also says "Safari".
BROWSERS = [
    ("Edge", re.compile(r"Edg(?:e|A|iOS)?/(\d+)")),
    ("Opera", re.compile(r"OPR/(\d+)")),
    ("Firefox", re.compile(r"(?:Firefox|FxiOS)/(\d+)")),
    ("Chrome", re.compile(r"(?:HeadlessChrome|Chrome|CriOS)/(\d+)")),
    ("Safari", re.compile(r"Version/(\d+).*Safari/")),
]
SYSTEMS = [
    ("Android", re.compile(r"Android")),
    ("iPhone", re.compile(r"iPhone")),
    ("iPad", re.compile(r"iPad")),
    ("Windows", re.compile(r"Windows")),
    ("macOS", re.compile(r"Mac OS X|Macintosh")),
    ("ChromeOS", re.compile(r"CrOS")),
    ("Linux", re.compile(r"Linux|X11")),
]


def device_summary(user_agent: str) -> str:
    """ "Chrome 131 on Linux", "Firefox on Windows", "an unknown browser"."""
    if not user_agent:
        return "an unknown browser"
    browser = next(
        (f"{name} {match.group(1)}" for name, rx in BROWSERS if (match := rx.search(user_agent))),
        "",
    )
    system = next((name for name, rx in SYSTEMS if rx.search(user_agent)), "")
    if browser and system:
        return f"{browser} on {system}"
    return browser or system or "another program"
