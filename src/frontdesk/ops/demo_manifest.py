"""What `frontdesk demo` tells people and scripts: every business, its address, its people and
its links, all derived from the address the demo serves on.

`var/demo.json` is the machine-readable form of what the demo prints (issue 9):
`{"platform": {"url"}, "businesses": [{"slug", "name", "url", "people": [{"email",
"password", "role", "staff", "totp", "start": [paths]}], "links": {name: path},
"secrets": {name: value}}]}`. Tests and scripts read it instead of parsing the printed text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django_otp.plugins.otp_totp.models import TOTPDevice

from frontdesk.access import hosts
from frontdesk.access.models import Organisation
from frontdesk.core.demo import DemoLogin
from frontdesk.identity.models import User


def urls_for_bind(bind: str) -> tuple[str, str]:
    """(scheme://host:port the site is reached at, the platform's URL) for a bind address.

    `127.0.0.1:8100` gives `http://127.0.0.1:8100` for both; `0.0.0.0:8100` (every interface)
    gives `http://localhost:8100`. Businesses then answer on `http://<slug>.localhost:8100`."""
    host, _, port = bind.rpartition(":")
    if not host or not port.isascii() or not port.isdigit():
        raise ValueError(f"--bind takes HOST:PORT, not {bind!r}")
    if host in ("0.0.0.0", "::", "[::]", ""):  # noqa: S104 - naming the wildcard, not binding
        host = "localhost"
    url = f"http://{host}:{port}"
    return url, url


@dataclass
class BusinessEntry:
    slug: str
    name: str
    url: str
    people: list[dict[str, Any]] = field(default_factory=list)
    links: dict[str, str] = field(default_factory=dict)
    secrets: dict[str, str] = field(default_factory=dict)


def manifest(*, platform_url: str, logins: list[DemoLogin]) -> dict[str, Any]:
    """The demo's businesses, people, links and secrets, as `var/demo.json` holds them."""
    entries = {
        organisation.slug: BusinessEntry(
            organisation.slug, organisation.name, hosts.site_url(organisation)
        )
        for organisation in Organisation.objects.order_by("name")
    }
    for login in logins:
        _place(login, entries)
    return {
        "platform": {"url": platform_url},
        "businesses": [entry.__dict__ for entry in entries.values()],
    }


def _place(login: DemoLogin, entries: dict[str, BusinessEntry]) -> None:
    if login.is_person:
        for account in _accounts(login):
            slug = account.organisation.slug if account.organisation else ""
            if slug in entries:
                _add_person(entries[slug], _person(login, account))
        return
    slug = login.business  # a pseudo-entry names its business; one that names none is left out
    if slug not in entries:
        return
    label = login.description
    if login.password and login.password != "-":  # noqa: S105 - "-": the entry has none
        entries[slug].secrets[label] = login.password
    for index, path in enumerate(login.links, start=1):
        entries[slug].links[label if len(login.links) == 1 else f"{label} ({index})"] = path


def _add_person(entry: BusinessEntry, person: dict[str, Any]) -> None:
    """One entry per account: a person two seeds describe gets both roles and start pages."""
    same = next((p for p in entry.people if p["email"] == person["email"]), None)
    if same is None:
        entry.people.append(person)
        return
    same["role"] = f"{same['role']}; {person['role']}"
    same["start"] += [path for path in person["start"] if path not in same["start"]]


def _accounts(login: DemoLogin) -> list[User]:
    # The demo lists accounts across every business: it is the operator's own tool.
    accounts = User.objects.unscoped().matching(email=login.email).select_related("organisation")
    if login.business:
        accounts = accounts.filter(organisation__slug=login.business)
    return list(accounts)


def _person(login: DemoLogin, account: User) -> dict[str, Any]:
    return {
        "email": login.email,
        "password": login.password,
        "role": login.description,
        "staff": account.is_staff,
        "totp": TOTPDevice.objects.filter(user=account, confirmed=True).exists(),
        "start": list(login.links),
    }


def write(path: Path, data: dict[str, Any]) -> None:
    """Writes the manifest whole or not at all (a reader never sees half a file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".json.partial")
    partial.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    partial.replace(path)
