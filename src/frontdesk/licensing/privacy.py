"""The customer area's personal data, cookies and recipients (see
`frontdesk.core.declarations`), and what of it may leave production in an anonymised copy.

Purchases are accounting records: the buyer's contact details and the address the partner's
notification came from are kept ten years (FRONTDESK_RETENTION_PURCHASE_DAYS), then blanked;
on erasure they are blanked and the purchase unlinked from the account — what was sold, when
and for how much stays (FD-11). Licences, their download counters and the remembered browsers
last while the account does and are deleted on erasure. Download records (time, file, address)
are deleted after a year (FRONTDESK_RETENTION_DOWNLOADS_DAYS) or on erasure; the quota's
counters stay with the licence, so the quota does not reset.

The area's cookies are exactly those of IN-17 (`AREA_COOKIES`). Its "temporary authentication
cookie" is a cookie of its own, beside the session cookie: at sign-in through the area the
browser gets a random token in it and the session keeps only the token's SHA-256; a session
that comes back without the matching cookie is signed out (`middleware.py`), so the session
cookie alone does not let anyone act as the person. Both end when they sign out or close the
browser; the session also gets a fresh identifier at sign-in (FD-7). The platform keeps the
CSRF token in the session (no CSRF cookie).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Model

from frontdesk.core.declarations import (
    Basis,
    Cookie,
    Erasure,
    NotPersonal,
    PersonalData,
    Recipient,
    Retention,
)
from frontdesk.core.privacy import Drop, Replace
from frontdesk.identity.privacy import COOKIES as IDENTITY_COOKIES
from frontdesk.licensing import cookies as names
from frontdesk.messaging.privacy import EMAIL_PROVIDER

PARTNERS = Recipient(
    name="The e-commerce partners that sell the software (such as Plimus, Emetrix, RegSoft)",
    role="processor",
    processor="partners",
    receives=(
        "the purchases made through them: the buyer's contact details and the order (product, "
        "quantity, price, options), which they take to sell the licence and pass on to us; "
        "they never pass on payment details, and nothing else of ours goes to them"
    ),
)

PURCHASE_RETENTION = Retention(
    starts="the purchase is notified (accounting records)",
    days=3650,
    setting="FRONTDESK_RETENTION_PURCHASE_DAYS",
    clock="received_at",
)
DOWNLOAD_RETENTION = Retention(
    starts="the download",
    days=365,
    setting="FRONTDESK_RETENTION_DOWNLOADS_DAYS",
    clock="created_at",
)
ACCOUNT = Retention(starts="the account", while_account_exists=True)

PURCHASE = (
    "Giving a buyer what they bought from a partner: e-mailing the unlock code, opening their "
    "customer account, identifying them for updates and support (IN-3)."
)
LICENCE = (
    "Your licence: the product, its unlock code, until when updates are included, and how "
    "many downloads of each release are left (IN-11)."
)
DOWNLOADS = (
    "Your downloads: counting them against the quota, showing them to you (IN-20), and "
    "analysing them per account to detect misuse of the area (IN-12)."
)


def _purchase(
    fields: tuple[str, ...], category: str, purpose: str, basis: Basis = Basis.CONTRACT
) -> PersonalData:
    return PersonalData(
        model="licensing.Purchase",
        fields=fields,
        category=category,
        purpose=purpose,
        basis=basis,
        recipients=(PARTNERS,),
        retention=PURCHASE_RETENTION,
        erasure=Erasure.KEEP_WITHOUT_IDENTITY,
        subject="user",
    )


DATA = [
    _purchase(("contact_name",), "contact.name", PURCHASE),
    _purchase(("contact_email",), "contact.email", PURCHASE),
    _purchase(("contact_company",), "contact.company", PURCHASE),
    _purchase(("options",), "purchase.options", PURCHASE),
    _purchase(
        ("partner_ip",),
        "network.ip",
        "The address the partner's notification came from, recorded for the security of the "
        "transaction, as the policy says (IN-3).",
        Basis.LEGITIMATE_INTERESTS,
    ),
    PersonalData(
        model="licensing.Licence",
        fields=("product", "unlock_code"),
        category="licence",
        purpose=LICENCE,
        basis=Basis.CONTRACT,
        recipients=(EMAIL_PROVIDER,),
        retention=ACCOUNT,
        erasure=Erasure.DELETE,
        subject="user",
    ),
    PersonalData(
        model="licensing.DownloadCount",
        fields=("release", "used"),
        category="usage.downloads_counted",
        purpose=LICENCE,
        basis=Basis.CONTRACT,
        retention=ACCOUNT,
        erasure=Erasure.DELETE,
        subject="licence__user",
    ),
    PersonalData(
        model="licensing.Download",
        fields=("file",),
        category="usage.download",
        purpose=DOWNLOADS,
        basis=Basis.CONTRACT,
        retention=DOWNLOAD_RETENTION,
        erasure=Erasure.DELETE,
        subject="user",
    ),
    PersonalData(
        model="licensing.Download",
        fields=("ip",),
        category="network.ip",
        purpose=DOWNLOADS,
        basis=Basis.LEGITIMATE_INTERESTS,
        retention=DOWNLOAD_RETENTION,
        erasure=Erasure.DELETE,
        subject="user",
    ),
    PersonalData(
        model="licensing.RememberedAccount",
        fields=("token_hash",),
        category="secret.remember_token",
        purpose=(
            '"Remember this Account", which you chose at sign-in: pre-filling your e-mail '
            "address on that browser's sign-in page (IN-17). Only a digest of the cookie's "
            "random token is kept."
        ),
        basis=Basis.CONSENT,
        retention=Retention(
            starts="the browser last signed in with it",
            days=365,
            setting="FRONTDESK_AREA_COOKIE_DAYS",
            clock="last_used_at",
        ),
        erasure=Erasure.DELETE,
        subject="user",
    ),
]

NOT_PERSONAL = [
    NotPersonal("licensing.Partner", "name", "the name of an e-commerce company"),
    NotPersonal("licensing.Product", "name", "the name of a program"),
    NotPersonal("licensing.Release", "notes", "a release's published notes"),
    NotPersonal("licensing.ReleaseFile", "name", "the name of a published file"),
]

_YEAR = f"{settings.FRONTDESK_AREA_COOKIE_DAYS} days"
COOKIE_TEST = Cookie(
    name=names.COOKIE_TEST,
    purpose=(
        'Cookie test of the customer area\'s sign-in page: it holds only "1"; when it does not '
        "come back with the form, the page tells you that your browser refuses cookies (IN-14). "
        "Anonymous."
    ),
    lifetime="until you sign in or close the browser",
)
GREETING = Cookie(
    name=names.GREETING,
    purpose=(
        'Greeting name: your first name only (signed), so the customer area can say "Welcome '
        'back" when you return. Set when you sign in to the area; "Forget me" removes it.'
    ),
    lifetime=_YEAR,
)
REMEMBER = Cookie(
    name=names.REMEMBER,
    purpose=(
        '"Remember this Account", only if you tick it: a random token (not your e-mail address) '
        "that lets the customer area's sign-in page fill in your e-mail address. We keep only "
        "a digest of it; forget it from the area or the sign-in page."
    ),
    lifetime=_YEAR,
)
AUTHENTICATION = Cookie(
    name=names.AUTHENTICATION,
    purpose=(
        "Authentication of the customer area: a random token set when you sign in to the area "
        "(we keep only a digest of it with your session). Your session is honoured only "
        "together with it, so a copied session cookie alone cannot be used to act as you. "
        "Deleted when you sign out."
    ),
    lifetime="until you sign out or close the browser",
)
COOKIES = [COOKIE_TEST, GREETING, REMEMBER, AUTHENTICATION]

_SESSION = next(
    cookie for cookie in IDENTITY_COOKIES if cookie.name == settings.SESSION_COOKIE_NAME
)


@dataclass(frozen=True)
class AreaCookie:
    """One of the cookies IN-17 names, and the cookie that plays it."""

    role: str
    cookie: Cookie


AREA_COOKIES = [
    AreaCookie("Temporary cookie-test cookie", COOKIE_TEST),
    AreaCookie("Permanent greeting-name cookie", GREETING),
    AreaCookie('Optional permanent "Remember this Account" cookie', REMEMBER),
    AreaCookie("Temporary authentication cookie", AUTHENTICATION),
    AreaCookie("Session cookie", _SESSION),
]
AREA_COOKIE_NAMES = frozenset(item.cookie.name for item in AREA_COOKIES)


def _no_secret(row: Model) -> str:
    return ""


# Partners' signing secrets never leave production, nor does anything that acts for a buyer or
# records their use: unlock codes unlock paid software, remembered browsers pre-fill an
# account. Purchases go, anonymised (their contact details replaced), so the copy keeps the
# shape of the sales.
COPY_RULES = [
    Replace("licensing.Partner", fields={"secret": _no_secret}),
    Drop("licensing.Licence"),
    Drop("licensing.DownloadCount"),
    Drop("licensing.Download"),
    Drop("licensing.RememberedAccount"),
]
