"""Insights' personal data and recipients (see `frontdesk.core.declarations`), and what of it may
leave production in an anonymised copy (`frontdesk.core.privacy`).

Honest about the log of page views: a network truncated to /24 or /48 is not an address, but a
small office's network may be one household's, so it is declared as personal data, tied to no
account (nothing links a visit to a person), kept FRONTDESK_RETENTION_VISITS_DAYS (90) and then
blanked — the rest of the visit (time, page, source) names no one and stays for trends.

The source of a checkout (the referring site and campaign) sits beside the checkout only from
checkout to payment — minutes, at most a day — and is then counted in totals and deleted, so
it is never kept against a customer. Partner figures are aggregates with small cells suppressed
(`partner`): not personal data, so no partner is a recipient here. The mailing company is: it
receives the e-mail addresses of customers who consent to marketing e-mail, and nothing else.
"""

from __future__ import annotations

from frontdesk.core.declarations import (
    Basis,
    Erasure,
    NotPersonal,
    PersonalData,
    Recipient,
    Retention,
)
from frontdesk.core.privacy import Drop
from frontdesk.messaging.privacy import EMAIL_PROVIDER

MAILING_COMPANY = Recipient(
    name="The mailing company",
    role="processor",
    processor="mailing",
    receives=(
        "the e-mail addresses of customers who consent to marketing e-mail, and nothing else, "
        "only to send the shop's promotions on its behalf (e.g. to avoid duplicate mailings)"
    ),
)
MAILING_LEGAL_BASIS = (
    "Each customer's consent to marketing e-mail (GDPR art. 6(1)(a)), checked at the moment of "
    "the export; the mailing company processes the addresses only on the shop's instructions, "
    "under a processing agreement (GDPR art. 28)."
)

DATA = [
    PersonalData(
        model="insights.Visit",
        fields=("network",),
        category="network.truncated",
        purpose=(
            "Traffic trends and system performance (QM-15, JF-3): counting the distinct networks "
            "the shop's pages were visited from, and telling a crowd from one network "
            "overloading the site. The network is the address cut to its /24 or /48; it is "
            "never linked to an account, a customer number or an order."
        ),
        basis=Basis.LEGITIMATE_INTERESTS,
        retention=Retention(
            starts="the page view",
            days=90,
            setting="FRONTDESK_RETENTION_VISITS_DAYS",
            clock="at",
        ),
        erasure=Erasure.ANONYMISE,
        subject="",
    ),
    PersonalData(
        model="insights.CheckoutSource",
        fields=("referrer_host", "campaign"),
        category="shopping.source",
        purpose=(
            "Counting which sites and campaigns bring paid checkouts (conversion by source). "
            "The referring site's name and campaign code are held beside a checkout only until "
            "its payment is settled, then added to totals that name no one and deleted; "
            "visitors whose browser sends Global Privacy Control are not followed at all."
        ),
        basis=Basis.LEGITIMATE_INTERESTS,
        retention=Retention(
            starts="the checkout (or its payment, if sooner)", days=1, clock="created_at"
        ),
        erasure=Erasure.DELETE,
        subject="",
    ),
    PersonalData(
        model="identity.User",
        fields=("email",),
        category="contact.email",
        purpose=(
            "Promotions of the shops you bought from, by e-mail, only while you consent to "
            "marketing e-mail (QM-18); every one can be stopped with one click."
        ),
        basis=Basis.CONSENT,
        recipients=(MAILING_COMPANY, EMAIL_PROVIDER),
        retention=Retention(starts="the account", while_account_exists=True),
        erasure=Erasure.ANONYMISE,
        subject="self",
    ),
]

NOT_PERSONAL = [
    NotPersonal("insights.Promotion", "body", "a promotion's text, written by staff for everyone"),
]

# The sources of unpaid checkouts are scratch state: none leaves production.
COPY_RULES = [Drop("insights.CheckoutSource")]
