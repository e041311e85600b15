"""Support's personal data (see `frontdesk.core.declarations`).

What a person gives support — the request, the conversation, diagnostic reports, proofs of
purchase and, from the public form, their name and e-mail address — serves that request only
(IN-5, IN-19) and is destroyed a grace period after it is resolved, or after the longer period
when staff suspect fraud (IN-13). `support.retention` applies both periods (a daily task, not
the platform's sweep: the period depends on the suspicion, and public requests' own keys are
destroyed with their data). Feedback is kept for good; erasing its author removes only who
sent it (IN-15).
"""

from __future__ import annotations

from django.db.models import Model

from frontdesk.core.declarations import Basis, Erasure, NotPersonal, PersonalData, Retention
from frontdesk.core.privacy import Replace
from frontdesk.messaging.privacy import EMAIL_PROVIDER

SUPPORT_PURPOSE = (
    "Solving the support request the person made, and nothing else: read only by the support "
    "team that handles it."
)
PUBLIC_CONTACT_PURPOSE = (
    "Answering a person who cannot sign in, about the request they made through the public "
    "form, and only about that request."
)
DIAGNOSTIC_PURPOSE = (
    "Diagnosing the problem the person reported (settings, hardware, log excerpts), or proving "
    "their purchase to recover access; sent only after they approved its exact contents, and "
    "they may have an exact copy e-mailed to them."
)
FRAUD_PURPOSE = (
    "When staff suspect someone is trying to gain access fraudulently, keeping the history of "
    "such requests, with the reason for the suspicion."
)

# Applied by `support.retention`, not by the sweep (no clock field): see the module docstring.
GRACE = Retention(
    starts="the request is resolved (365 days when staff suspect fraud)",
    days=7,
    setting="FRONTDESK_SUPPORT_GRACE_DAYS",
)
FRAUD = Retention(
    starts="the request is resolved, when staff suspect fraud",
    days=365,
    setting="FRONTDESK_SUPPORT_FRAUD_DAYS",
)

# The conversation and the reports come first: erasure applies declarations in this order, and
# the request's own declaration unlinks it from the person, after which they would no longer be
# found through `ticket__requester`.
DATA = [
    PersonalData(
        model="support.Message",
        fields=("body",),
        category="support.message",
        purpose=SUPPORT_PURPOSE,
        basis=Basis.CONTRACT,
        recipients=(EMAIL_PROVIDER,),
        retention=GRACE,
        erasure=Erasure.DELETE,
        subject="ticket__requester",
    ),
    PersonalData(
        model="support.Attachment",
        fields=("filename", "content"),
        category="support.diagnostic",
        purpose=DIAGNOSTIC_PURPOSE,
        basis=Basis.CONSENT,
        recipients=(EMAIL_PROVIDER,),
        retention=GRACE,
        erasure=Erasure.DELETE,
        subject="ticket__requester",
    ),
    PersonalData(
        model="support.Ticket",
        fields=("subject", "purchase_reference"),
        category="support.request",
        purpose=SUPPORT_PURPOSE,
        basis=Basis.CONTRACT,
        retention=GRACE,
        erasure=Erasure.ANONYMISE,
        subject="requester",
    ),
    PersonalData(
        model="support.Ticket",
        fields=("contact_name",),
        category="contact.name",
        purpose=PUBLIC_CONTACT_PURPOSE,
        basis=Basis.CONTRACT,
        retention=GRACE,
        erasure=Erasure.ANONYMISE,
    ),
    PersonalData(
        model="support.Ticket",
        fields=("contact_email",),
        category="contact.email",
        purpose=PUBLIC_CONTACT_PURPOSE,
        basis=Basis.CONTRACT,
        recipients=(EMAIL_PROVIDER,),
        retention=GRACE,
        erasure=Erasure.ANONYMISE,
    ),
    PersonalData(
        model="support.Ticket",
        fields=("follow_token",),
        category="secret.follow_link",
        purpose="Letting a person without an account follow their request by the link we sent.",
        basis=Basis.CONTRACT,
        retention=GRACE,
        erasure=Erasure.ANONYMISE,
    ),
    PersonalData(
        model="support.Ticket",
        fields=("fraud_reason",),
        category="support.fraud_suspicion",
        purpose=FRAUD_PURPOSE,
        basis=Basis.LEGITIMATE_INTERESTS,
        retention=FRAUD,
        erasure=Erasure.ANONYMISE,
        subject="requester",
    ),
    PersonalData(
        model="support.Feedback",
        fields=("user",),
        category="support.feedback_author",
        purpose="Knowing which customer made a suggestion.",
        basis=Basis.LEGITIMATE_INTERESTS,
        retention=Retention(starts="the account", while_account_exists=True),
        erasure=Erasure.KEEP_WITHOUT_IDENTITY,
        subject="user",
    ),
    PersonalData(
        model="support.Feedback",
        fields=("body",),
        category="support.feedback",
        purpose="A repository of ideas for future products and services.",
        basis=Basis.LEGITIMATE_INTERESTS,
        retention=Retention(starts="for good; erasing its author removes only who sent it"),
        erasure=Erasure.KEEP_WITHOUT_IDENTITY,
    ),
]

NOT_PERSONAL = [
    NotPersonal("support.Team", "name", "the name of a support team of the business"),
]


def _no_token(row: Model) -> str:
    return ""


# The follow link acts for its requester: no working link leaves production.
COPY_RULES = [Replace("support.Ticket", fields={"follow_token": _no_token})]
