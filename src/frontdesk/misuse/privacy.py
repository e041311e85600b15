"""Misuse detection's personal data (see `frontdesk.core.declarations`).

A case is about an account: which pattern the analysis saw (IN-12), its evidence as record
ids and counts (sign-ins, downloads, registrations; never an address or a name), whether it
held the account, and staff's notes (sealed). It is kept FRONTDESK_RETENTION_MISUSE_DAYS after
it was opened, and deleted when the account is erased. Nothing of it leaves production."""

from __future__ import annotations

from frontdesk.core.declarations import Basis, Erasure, NotPersonal, PersonalData, Retention
from frontdesk.core.privacy import Drop

PURPOSE = (
    "Protecting the customer and promotions areas from misuse (IN-9, IN-10, IN-12): the "
    "analysis of sign-ins, downloads and registrations per account opens a case for staff, "
    "which may put the account on hold until it is reinstated (IN-23)."
)
RETENTION = Retention(
    starts="the case was opened",
    days=730,
    setting="FRONTDESK_RETENTION_MISUSE_DAYS",
    clock="opened_at",
)

DATA = [
    PersonalData(
        model="misuse.Case",
        fields=("kind", "evidence", "state"),
        category="security.misuse_case",
        purpose=PURPOSE,
        basis=Basis.LEGITIMATE_INTERESTS,
        retention=RETENTION,
        erasure=Erasure.DELETE,
        subject="user",
    ),
    PersonalData(
        model="misuse.Case",
        fields=("notes",),
        category="security.misuse_note",
        purpose=PURPOSE,
        basis=Basis.LEGITIMATE_INTERESTS,
        retention=RETENTION,
        erasure=Erasure.DELETE,
        subject="user",
    ),
]

NOT_PERSONAL = [NotPersonal("misuse.ScanMark", "name", "the name of an analysis pass")]

COPY_RULES = [Drop("misuse.Case")]
