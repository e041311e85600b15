"""The published privacy policy, read from the code's own declarations (FD-1, IN-1).

`policy_document()` is the whole policy as data: `/privacy.json` serves it as is and `/privacy`
renders it for people (`policy_page()`), so the two can never disagree, and neither can say less
than the declarations in each app's `privacy.py` do. `policy_version()` identifies one exact
policy: consent records will store it (FD-12).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from datetime import date
from typing import Any

from django.conf import settings
from django.http import HttpRequest

from frontdesk.core import declarations
from frontdesk.core.declarations import Basis, Cookie, Erasure, PersonalData, Retention

SECURITY_TXT_PATH = "/.well-known/security.txt"

CATEGORY_LABELS = {
    "contact.email": "E-mail address",
    "contact.name": "Name",
    "contact.phone": "Phone number",
    "contact.address": "Postal address",
    "network.ip": "IP address",
    "network.sign_in": "Sign-in records (IP address and browser)",
    "network.failed_sign_in": "Failed sign-in records (account name, IP address and browser)",
    "session": "Session data",
    "secret.second_factor": "Second-factor secret (authenticator app key)",
    "message.sms": "Text of SMS messages",
}

BASIS_LABELS = {
    Basis.CONSENT: "Consent (GDPR art. 6(1)(a)): you may withdraw it at any time",
    Basis.CONTRACT: "Contract (GDPR art. 6(1)(b)): needed for the service you asked for",
    Basis.LEGAL_OBLIGATION: "Legal obligation (GDPR art. 6(1)(c))",
    Basis.LEGITIMATE_INTERESTS: "Legitimate interests (GDPR art. 6(1)(f))",
}

ERASURE_LABELS = {
    Erasure.DELETE: "Deleted.",
    Erasure.ANONYMISE: "Blanked: the record stays, without anything that identifies you.",
    Erasure.KEEP_WITHOUT_IDENTITY: "Kept as required, with what identifies you removed.",
}

WRITE_TO_US = "Write to the privacy contact."


@dataclass(frozen=True)
class Right:
    """A right the person has over their data (GDPR chapter III), and how to use it here."""

    right: str
    name: str
    description: str
    how: str = WRITE_TO_US


RIGHTS = (
    Right(
        "access",
        "Access and portability",
        "A copy of the data we keep about you, in a machine-readable form you can take "
        "elsewhere (GDPR art. 15 and 20).",
    ),
    Right(
        "correction",
        "Correction",
        "Wrong or incomplete data about you is corrected (GDPR art. 16).",
    ),
    Right(
        "erasure",
        "Erasure",
        'Your data is erased, as "What we keep and why" says for each kind, unless the '
        "law requires us to keep it (GDPR art. 17).",
    ),
    Right(
        "objection",
        "Objection and withdrawing consent",
        "Stop processing based on legitimate interests or on your consent; withdrawing consent "
        "is as easy as giving it (GDPR art. 7(3) and 21). A browser sending Sec-GPC: 1 objects "
        "to marketing and sharing automatically.",
    ),
    Right(
        "complaint",
        "Complaint",
        "You may complain to the data protection supervisory authority where you live or work, "
        "or where you think your data was misused (GDPR art. 77).",
        how="Contact your supervisory authority; you may also write to the privacy contact first.",
    ),
)


def category_label(category: str) -> str:
    """A person's word for a category code; an unknown code in a readable form of itself
    ("payment.card_last4" → "Payment: card last4")."""
    if category in CATEGORY_LABELS:
        return CATEGORY_LABELS[category]
    words = [part.replace("_", " ").strip() for part in category.split(".") if part.strip()]
    return ": ".join(words).capitalize() or category


def retention_days(retention: Retention) -> int | None:
    """The days data is kept for: the setting named by `retention.setting` when the deployment
    sets it, otherwise the declared days (None: no fixed period)."""
    configured = getattr(settings, retention.setting, None) if retention.setting else None
    if retention.while_account_exists or retention.days is None or configured is None:
        return retention.days
    return int(configured)


def retention_description(retention: Retention) -> str:
    """`Retention.describe()` with the effective days."""
    effective = replace(retention, days=retention_days(retention))
    if effective.days == 0 and not effective.while_account_exists:
        return f"until {effective.starts}"
    return effective.describe()


def _data_entry(item: PersonalData) -> dict[str, Any]:
    return {
        "model": item.model,
        "fields": list(item.fields),
        "category": item.category,
        "label": category_label(item.category),
        "purpose": item.purpose,
        "basis": str(item.basis),
        "recipients": [asdict(recipient) for recipient in item.recipients],
        "retention": {
            "description": retention_description(item.retention),
            "days": retention_days(item.retention),
            "setting": item.retention.setting,
            "starts": item.retention.starts,
        },
        "erasure": str(item.erasure),
    }


def _cookie_entry(cookie: Cookie) -> dict[str, Any]:
    return asdict(cookie)


def _policy_content(data: Sequence[PersonalData], cookie_list: Sequence[Cookie]) -> dict[str, Any]:
    return {
        "controller": {"name": settings.FRONTDESK_SITE_NAME, "url": settings.SITE_URL},
        "contacts": {
            "privacy": settings.FRONTDESK_PRIVACY_CONTACT,
            "security": settings.FRONTDESK_SECURITY_CONTACT,
        },
        "data": [_data_entry(item) for item in data],
        "cookies": [_cookie_entry(cookie) for cookie in cookie_list],
        "rights": [asdict(right) for right in RIGHTS],
        "gpc": True,
    }


def _version_of(content: dict[str, Any]) -> str:
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()[:12]


def policy_version(
    *,
    data: Sequence[PersonalData] | None = None,
    cookie_list: Sequence[Cookie] | None = None,
) -> str:
    """12 hex digits identifying the policy: the SHA-256 of its canonical JSON. It changes when
    any declaration, effective retention period or contact changes; the date does not count."""
    return str(policy_document(data=data, cookie_list=cookie_list)["version"])


def policy_document(
    *,
    data: Sequence[PersonalData] | None = None,
    cookie_list: Sequence[Cookie] | None = None,
) -> dict[str, Any]:
    """The policy as data (`/privacy.json`), from the given declarations, by default every
    app's (`frontdesk.core.declarations.personal_data()` and `cookies()`)."""
    content = _policy_content(
        declarations.personal_data() if data is None else data,
        declarations.cookies() if cookie_list is None else cookie_list,
    )
    return {"version": _version_of(content), "updated": policy_date(), **content}


def policy_date() -> str:
    """The date the policy last changed (`FRONTDESK_PRIVACY_POLICY_DATE`), as YYYY-MM-DD."""
    return date.fromisoformat(settings.FRONTDESK_PRIVACY_POLICY_DATE).isoformat()


def gpc_document() -> dict[str, Any]:
    """`/.well-known/gpc.json` (Global Privacy Control): this site honours the signal."""
    return {"gpc": True, "lastUpdate": policy_date()}


# What Global Privacy Control says no to: marketing (sharing with third parties for marketing
# does not happen at all, QM-16).
GPC_PURPOSES = frozenset({"marketing"})


def gpc_opt_out(request: HttpRequest) -> bool:
    """True when the visitor's browser sends `Sec-GPC: 1`: an opt-out of marketing and of
    sharing (FD-12). Set on the request by `privacy.middleware.GpcMiddleware`; read from the
    header when the middleware has not run."""
    flag = getattr(request, "gpc", None)
    if flag is None:
        return request.headers.get("Sec-GPC", "").strip() == "1"
    return bool(flag)


def policy_page(document: dict[str, Any]) -> dict[str, Any]:
    """The policy document arranged for people (`/privacy`): the data grouped by purpose, with
    each group's recipients, human labels for codes, and contacts as links."""
    purposes: dict[str, dict[str, Any]] = {}
    for entry in document["data"]:
        group = purposes.setdefault(
            entry["purpose"], {"purpose": entry["purpose"], "items": [], "recipients": []}
        )
        group["items"].append(
            entry
            | {
                "stored": [f"{entry['model']}.{name}" for name in entry["fields"]],
                "basis_label": BASIS_LABELS[Basis(entry["basis"])],
                "erasure_label": ERASURE_LABELS[Erasure(entry["erasure"])],
            }
        )
        for recipient in entry["recipients"]:
            if recipient not in group["recipients"]:
                group["recipients"].append(recipient)
    return {
        "policy": document,
        "purposes": list(purposes.values()),
        "privacy_contact": contact_link(document["contacts"]["privacy"]),
        "security_contact": contact_link(document["contacts"]["security"]),
        "security_txt": SECURITY_TXT_PATH,
        "third_party_cookies": any(c["party"] != "first" for c in document["cookies"]),
    }


def contact_link(contact: str) -> dict[str, str]:
    """A contact setting ("mailto:…" or a web address) as a link; anything else as text only."""
    linkable = contact.startswith(("mailto:", "https://", "http://"))
    return {"href": contact if linkable else "", "label": contact.removeprefix("mailto:")}
