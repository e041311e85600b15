"""The staff area's personal data (see `frontdesk.core.declarations`).

A disclosure's description says what was given about a person, so it is personal data about
them; the other texts are the business's own (its security policy) or name an authority.
"""

from __future__ import annotations

from frontdesk.core.declarations import Basis, Erasure, NotPersonal, PersonalData, Retention

DATA = [
    PersonalData(
        model="staff.Disclosure",
        fields=("description",),
        category="disclosure.record",
        purpose=(
            "Recording what was disclosed about a person to an authority or third party because "
            "the law required it, so the person can be told and the disclosure accounted for."
        ),
        basis=Basis.LEGAL_OBLIGATION,
        retention=Retention(
            starts="the disclosure",
            days=3650,
            setting="FRONTDESK_RETENTION_DISCLOSURES_DAYS",
            clock="disclosed_at",
        ),
        erasure=Erasure.KEEP_WITHOUT_IDENTITY,
        subject="subject_user",
    ),
]

NOT_PERSONAL = [
    NotPersonal("staff.SecurityPolicyVersion", "text", "the text of the business's own policy"),
    NotPersonal(
        "staff.Disclosure",
        "recipient",
        "the authority or company that received a disclosure (an organisation, not a person)",
    ),
]
