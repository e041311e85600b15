"""The privacy app's own personal data: the requests people make about their data (see
`frontdesk.core.declarations`), and what of it may leave production (`frontdesk.core.privacy`)."""

from __future__ import annotations

from django.db.models import Model

from frontdesk.core.declarations import Basis, Erasure, PersonalData, Retention
from frontdesk.core.privacy import Replace

REQUESTS_PURPOSE = (
    "Answering your requests about your data (download, correction, erasure, reinstatement) "
    "and showing that we did, within the month the law allows."
)

DATA = [
    PersonalData(
        model="privacy.PrivacyRequest",
        fields=("details", "refusal_reason"),
        category="privacy.request",
        purpose=REQUESTS_PURPOSE,
        basis=Basis.LEGAL_OBLIGATION,
        retention=Retention(
            starts="the request is closed",
            days=3 * 365,
            setting="FRONTDESK_RETENTION_PRIVACY_REQUESTS_DAYS",
            clock="closed_at",
        ),
        erasure=Erasure.KEEP_WITHOUT_IDENTITY,
        subject="user",
    ),
]


def _blank(row: Model) -> str:
    return ""


# The identity code and the export link's token are credentials: not even their digests leave
# production.
COPY_RULES = [
    Replace("privacy.PrivacyRequest", fields={"code_hash": _blank, "export_token_hash": _blank}),
]
