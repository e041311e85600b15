"""The policy arranged for its readers (`/privacy`): a short layered summary first — what we
keep, why, for how long, who gets it, your rights, with links into the privacy centre — then
the detail, grouped by purpose.

It is built from the same document `/privacy.json` serves (`selectors.policy_document`), so the
page never says something the JSON does not. The JSON keeps the code's technical names; the
page speaks to people: the ids of the promises a text proves ("(QL-18)") are left out, and
every field is named in words ("order: shipping street"), never by its model path.
"""

from __future__ import annotations

import re
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.urls import reverse

from frontdesk.core.declarations import Basis, Erasure
from frontdesk.privacy.selectors import BASIS_LABELS, ERASURE_LABELS, RIGHTS, contact_link
from frontdesk.web.selectors import SECURITY_TXT_PATH

# The promises of the specification the code is tagged with ("QL-18", "IN-9, IN-10").
_PROMISE = r"(?:FD|IN|JF|QL|QM)-\d+"
PROMISE_ID = re.compile(rf"\b{_PROMISE}\b")
_PROMISES_IN_BRACKETS = re.compile(rf"\s*\(\s*{_PROMISE}(?:\s*(?:,|and)\s*{_PROMISE})*\s*\)")
# Texts written against the specification's policy ("as the policy says"): this is the policy.
_SPEC_REFERENCE = re.compile(r",? as the policy says(?= ?[:;,.)]|$)")


def plain(text: str) -> str:
    """`text` for people: without promise ids in brackets or references to the specification."""
    text = _PROMISES_IN_BRACKETS.sub("", text)
    return _SPEC_REFERENCE.sub("", text).strip()


def headline(purpose: str) -> str:
    """A purpose's first words, for the summary: its first sentence up to a colon
    ("Keeping accounts safe: locking ..." → "Keeping accounts safe")."""
    text = plain(purpose)
    first = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0].rstrip(".")
    return first.split(":", 1)[0].strip() or text


def stored_as(model_label: str, fields: list[str]) -> str:
    """Where the data is kept, in words: the record and its fields ("order (shipping street,
    shipping city)")."""
    try:
        model = apps.get_model(model_label)
    except LookupError:
        return ", ".join(name.replace("_", " ") for name in fields)
    names = []
    for name in fields:
        try:
            names.append(str(model._meta.get_field(name).verbose_name))
        except FieldDoesNotExist:
            names.append(name.replace("_", " "))
    return f"{model._meta.verbose_name} ({', '.join(names)})"


_DAYS = re.compile(r"^(\d+) days\b")
DAYS_A_YEAR = 365


def period(description: str, days: int | None) -> str:
    """A retention period in words: whole years as years ("3650 days after …" → "10 years
    after …"), one day as a day, without promise ids."""
    text = plain(description)
    if not days or not _DAYS.match(text):
        return text
    if days % DAYS_A_YEAR == 0:
        years = days // DAYS_A_YEAR
        return _DAYS.sub(f"{years} year{'s' if years > 1 else ''}", text)
    return _DAYS.sub("1 day", text) if days == 1 else text


def _item(entry: dict[str, Any]) -> dict[str, Any]:
    return {
        "label": entry["label"],
        "stored": stored_as(entry["model"], entry["fields"]),
        "basis_label": BASIS_LABELS[Basis(entry["basis"])],
        "erasure_label": ERASURE_LABELS[Erasure(entry["erasure"])],
        "kept": period(entry["retention"]["description"], entry["retention"]["days"]),
        "days": entry["retention"]["days"],
    }


def _recipient(recipient: dict[str, Any]) -> dict[str, str]:
    return {
        "name": recipient["name"],
        "service": recipient["service"],
        "role": recipient["role"],
        "receives": plain(recipient["receives"]),
    }


def _purposes(document: dict[str, Any]) -> list[dict[str, Any]]:
    """The data grouped by purpose, each group with its recipients, in words."""
    groups: dict[str, dict[str, Any]] = {}
    for entry in document["data"]:
        group = groups.get(entry["purpose"])
        if group is None:
            group = groups[entry["purpose"]] = {
                "anchor": f"purpose-{len(groups) + 1}",
                "purpose": plain(entry["purpose"]),
                "headline": headline(entry["purpose"]),
                "items": [],
                "recipients": [],
            }
        group["items"].append(_item(entry))
        for recipient in map(_recipient, entry["recipients"]):
            if recipient not in group["recipients"]:
                group["recipients"].append(recipient)
    return list(groups.values())


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _periods(purposes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """For how long, shortest first: each period with the kinds of data kept that long."""
    periods: dict[str, dict[str, Any]] = {}
    for group in purposes:
        for item in group["items"]:
            period = periods.setdefault(
                item["kept"], {"kept": item["kept"], "days": item["days"], "labels": []}
            )
            period["labels"] = _unique([*period["labels"], item["label"]])
    return sorted(
        periods.values(),
        key=lambda p: (p["days"] is None, p["days"] if p["days"] is not None else 0, p["kept"]),
    )


def _recipients(document: dict[str, Any], purposes: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Who gets it: every recipient once, and the platform that runs the site, if any."""
    seen: dict[str, dict[str, str]] = {}
    for group in purposes:
        for recipient in group["recipients"]:
            seen.setdefault(recipient["name"], recipient)
    found = list(seen.values())
    platform = document.get("platform")
    if platform:
        found.append(
            {
                "name": platform["name"],
                "service": "platform, which runs this site",
                "role": platform["role"],
                "receives": plain(platform["receives"]),
            }
        )
    return found


def _rights() -> list[dict[str, str]]:
    return [
        {
            "right": right.right,
            "name": right.name,
            "description": plain(right.description),
            "how": right.how,
            "link": reverse(right.centre) if right.centre else "",
        }
        for right in RIGHTS
    ]


def _summary(document: dict[str, Any], purposes: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "kinds": _unique([item["label"] for group in purposes for item in group["items"]]),
        "why": [{"anchor": g["anchor"], "headline": g["headline"]} for g in purposes],
        "periods": _periods(purposes),
        "recipients": _recipients(document, purposes),
        "centre": reverse("privacy:centre:index"),
    }


def policy_page(document: dict[str, Any]) -> dict[str, Any]:
    """The policy document arranged for people (`/privacy`): the summary, then the data
    grouped by purpose with each group's recipients, human labels for codes, cookies, rights
    with their privacy-centre pages, and contacts as links."""
    purposes = _purposes(document)
    cookies = [
        cookie | {"purpose": plain(cookie["purpose"]), "lifetime": plain(cookie["lifetime"])}
        for cookie in document["cookies"]
    ]
    return {
        "policy": document,
        "controller": document["controller"],
        "summary": _summary(document, purposes),
        "purposes": purposes,
        "cookies": cookies,
        "rights": _rights(),
        "businesses": document.get("businesses", []),
        "platform": document.get("platform"),
        "privacy_contact": contact_link(document["contacts"]["privacy"]),
        "security_contact": contact_link(document["contacts"]["security"]),
        "security_txt": SECURITY_TXT_PATH,
        "third_party_cookies": any(c["party"] != "first" for c in document["cookies"]),
    }
