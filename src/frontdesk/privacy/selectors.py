"""The published privacy policy, read from the code's own declarations (FD-1, IN-1, FD-16).

Each business publishes its own policy: it is the controller of its customers' data, and its
policy lists only the declarations of the apps it uses (the platform's and those of its
`modules`: `publishers.policy_apps`), names its own processors (`Organisation.processors`)
and its own contacts. On the platform host the operator publishes the policy of its own pages,
with links to the businesses' policies. Code outside any request (a command, a test) gets the
policy of everything installed.

`policy_document()` is the whole policy as data: `/privacy.json` serves it as is and `/privacy`
renders it for people (`privacy.policy_page`), so the two can never disagree, and neither can
say less than the declarations in each app's `privacy.py` do. `policy_version()` identifies one
exact policy of one business: consent records store it (FD-12).
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
from django.urls import reverse

from frontdesk.access.hosts import absolute_url, site_url
from frontdesk.access.models import PROCESSOR_ROLES, Organisation
from frontdesk.core import declarations
from frontdesk.core.declarations import (
    Basis,
    Cookie,
    Erasure,
    PersonalData,
    Recipient,
    Retention,
)
from frontdesk.privacy.publishers import Publisher, publisher_for
from frontdesk.web.selectors import privacy_contact, security_contact

CATEGORY_LABELS = {
    "consent": "Your consent decisions",
    "contact.email": "E-mail address",
    "contact.name": "Name",
    "contact.phone": "Phone number",
    "contact.address": "Postal address",
    "contact.company": "Company name",
    "disclosure.record": "Records of what was disclosed about you, and to whom",
    "licence": "Your licences",
    "message.email": "Text of e-mails",
    "message.sms": "Text of SMS messages",
    "network.ip": "IP address",
    "network.sign_in": "Sign-in records (IP address and browser)",
    "network.failed_sign_in": "Failed sign-in records (account name, IP address and browser)",
    "network.truncated": "The network a page was visited from (the address shortened)",
    "privacy.request": "Your requests about your data",
    "promotion.registration": "Your registrations for offers (the code and when)",
    "purchase.options": "What you bought (product, quantity, price, options)",
    "secret.follow_link": "The link to follow a support request",
    "secret.remember_token": "The token of a remembered browser",
    "secret.second_factor": "Second-factor secret (authenticator app key)",
    "security.misuse_case": "Misuse cases about an account",
    "security.misuse_note": "Staff notes on a misuse case",
    "session": "Session data",
    "shopping.cart": "What is in your cart",
    "shopping.saved_basket": "Baskets you saved",
    "shopping.source": "The site and campaign a checkout came from",
    "support.diagnostic": "Diagnostic reports and proofs of purchase you sent",
    "support.feedback": "Your suggestions",
    "support.feedback_author": "Who made a suggestion",
    "support.fraud_suspicion": "Why staff suspect a fraud attempt",
    "support.message": "Your conversation with support",
    "support.request": "Your support requests",
    "usage.download": "Your downloads (when, which file, from which address)",
    "usage.downloads_counted": "How many downloads you have left",
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
    """A right the person has over their data (GDPR chapter III), and how to use it here:
    `centre` names the privacy-centre page that does it ("" where there is none)."""

    right: str
    name: str
    description: str
    how: str = WRITE_TO_US
    centre: str = ""


RIGHTS = (
    Right(
        "access",
        "Access and portability",
        "A copy of the data we keep about you, in a machine-readable form you can take "
        "elsewhere (GDPR art. 15 and 20).",
        how="Download your data from your privacy centre, or write to the privacy contact.",
        centre="privacy:centre:download",
    ),
    Right(
        "correction",
        "Correction",
        "Wrong or incomplete data about you is corrected (GDPR art. 16).",
        how="Correct your details, or ask for a correction, in your privacy centre.",
        centre="privacy:centre:correction",
    ),
    Right(
        "erasure",
        "Erasure",
        'Your data is erased, as "What we keep and why" says for each kind, unless the '
        "law requires us to keep it (GDPR art. 17).",
        how="Ask for erasure in your privacy centre, or write to the privacy contact.",
        centre="privacy:centre:erasure",
    ),
    Right(
        "objection",
        "Objection and withdrawing consent",
        "Stop processing based on legitimate interests or on your consent; withdrawing consent "
        "is as easy as giving it (GDPR art. 7(3) and 21). A browser sending Sec-GPC: 1 objects "
        "to marketing and sharing automatically.",
        how="Change your choices in your privacy centre's preferences, or write to the "
        "privacy contact.",
        centre="privacy:centre:preferences",
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


def retention_days(retention: Retention, organisation: Organisation | None = None) -> int | None:
    """The days data is kept for: the business's own period for the setting named by
    `retention.setting` (`Organisation.retention`), else the setting when the deployment sets
    it, otherwise the declared days (None: no fixed period). The sweep and the policy both
    read it, so what the policy says is what the sweep does."""
    if retention.while_account_exists or retention.days is None or not retention.setting:
        return retention.days
    own = (organisation.retention or {}).get(retention.setting) if organisation else None
    if own is not None:
        return int(own)
    configured = getattr(settings, retention.setting, None)
    return retention.days if configured is None else int(configured)


def retention_description(retention: Retention, organisation: Organisation | None = None) -> str:
    """`Retention.describe()` with the effective days (the business's own, when it has them)."""
    effective = replace(retention, days=retention_days(retention, organisation))
    if effective.days == 0 and not effective.while_account_exists:
        return f"until {effective.starts}"
    return effective.describe()


def recipient_entry(recipient: Recipient, organisation: Organisation | None) -> dict[str, Any]:
    """A recipient as the publisher's policy names it: the company the business chose for
    that kind of processor (`Organisation.processors`) with the kind (`service`: "SMS
    provider"), else the declaration's own words ("The SMS provider"), which say the kind."""
    company = ""
    if organisation is not None and recipient.processor:
        company = str((organisation.processors or {}).get(recipient.processor, "")).strip()
    return {
        "name": company or recipient.name,
        "role": recipient.role,
        "service": PROCESSOR_ROLES.get(recipient.processor, "") if company else "",
        "receives": recipient.receives,
    }


def _data_entry(item: PersonalData, organisation: Organisation | None) -> dict[str, Any]:
    return {
        "model": item.model,
        "fields": list(item.fields),
        "category": item.category,
        "label": category_label(item.category),
        "purpose": item.purpose,
        "basis": str(item.basis),
        "recipients": [recipient_entry(r, organisation) for r in item.recipients],
        "retention": {
            "description": retention_description(item.retention, organisation),
            "days": retention_days(item.retention, organisation),
            "setting": item.retention.setting,
            "starts": item.retention.starts,
        },
        "erasure": str(item.erasure),
    }


def _cookie_entry(cookie: Cookie) -> dict[str, Any]:
    return asdict(cookie)


def _controller(publisher: Publisher) -> dict[str, str]:
    organisation = publisher.organisation
    if organisation is None:
        return {"name": settings.FRONTDESK_SITE_NAME, "url": site_url(None)}
    return {"name": organisation.name, "url": site_url(organisation)}


def _platform(publisher: Publisher) -> dict[str, Any] | None:
    """The platform operator, when it runs the site for a business: its processor."""
    if publisher.organisation is None:
        return None
    return {
        "name": settings.FRONTDESK_SITE_NAME,
        "role": "processor",
        "receives": (
            "everything this policy lists, only to run this site for "
            f"{publisher.organisation.name} on its instructions"
        ),
    }


def _businesses(publisher: Publisher) -> list[dict[str, str]]:
    """On the platform host: every business, with the address of its own policy."""
    if not publisher.is_platform:
        return []
    path = reverse("privacy:policy")
    return [
        {"name": business.name, "policy": absolute_url(path, business)}
        for business in Organisation.objects.order_by("name")
    ]


def _policy_content(
    publisher: Publisher, data: Sequence[PersonalData], cookie_list: Sequence[Cookie]
) -> dict[str, Any]:
    organisation = publisher.organisation
    content: dict[str, Any] = {
        "controller": _controller(publisher),
        "contacts": {
            "privacy": privacy_contact(organisation),
            "security": security_contact(organisation),
        },
        "data": [_data_entry(item, organisation) for item in data],
        "cookies": [_cookie_entry(cookie) for cookie in cookie_list],
        "rights": [_right_entry(right) for right in RIGHTS],
        "gpc": True,
    }
    platform = _platform(publisher)
    if platform is not None:
        content["platform"] = platform
    if publisher.is_platform:
        content["businesses"] = _businesses(publisher)
    return content


def _right_entry(right: Right) -> dict[str, str]:
    """A right as the JSON publishes it (the centre's page is the HTML's: a URL name)."""
    return {
        "right": right.right,
        "name": right.name,
        "description": right.description,
        "how": right.how,
    }


def _version_of(content: dict[str, Any]) -> str:
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()[:12]


def policy_version(
    *,
    organisation: Organisation | None = None,
    data: Sequence[PersonalData] | None = None,
    cookie_list: Sequence[Cookie] | None = None,
) -> str:
    """12 hex digits identifying the policy of `organisation` (default: the bound one, see
    `publisher_for`): the SHA-256 of its canonical JSON. It changes when any declaration the
    business uses, effective retention period, contact, processor or the controller changes,
    so no two businesses share a version; the date does not count."""
    document = policy_document(organisation=organisation, data=data, cookie_list=cookie_list)
    return str(document["version"])


def policy_document(
    *,
    organisation: Organisation | None = None,
    data: Sequence[PersonalData] | None = None,
    cookie_list: Sequence[Cookie] | None = None,
) -> dict[str, Any]:
    """The policy as data (`/privacy.json`) of `organisation` (default: the bound one, see
    `publisher_for`), from the given declarations, by default those of the apps it uses."""
    publisher = publisher_for(organisation)
    content = _policy_content(
        publisher,
        declarations.personal_data(publisher.app_labels) if data is None else data,
        declarations.cookies(publisher.app_labels) if cookie_list is None else cookie_list,
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


def contact_link(contact: str) -> dict[str, str]:
    """A contact setting ("mailto:…" or a web address) as a link; anything else as text only."""
    linkable = contact.startswith(("mailto:", "https://", "http://"))
    return {"href": contact if linkable else "", "label": contact.removeprefix("mailto:")}
