"""Messaging's personal data (see `frontdesk.core.declarations`), and what of it may leave
production in an anonymised copy (`frontdesk.core.privacy`)."""

from __future__ import annotations

from django.db.models import Model

from frontdesk.core.declarations import Basis, Erasure, PersonalData, Recipient, Retention
from frontdesk.core.privacy import Drop, Replace

EMAIL_PROVIDER = Recipient(
    name="The e-mail delivery service",
    role="processor",
    receives="the e-mail address and the e-mail, only to deliver it",
)
EMAIL_PURPOSE = "Sending the e-mails a person asked for or agreed to, and proving what was sent."
EMAIL_RETENTION = Retention(
    starts="the e-mail is queued",
    days=30,
    setting="FRONTDESK_RETENTION_EMAIL_DAYS",
    clock="created_at",
)

SMS_PROVIDER = Recipient(
    name="The SMS provider",
    role="processor",
    processor="sms",
    receives="the phone number and the text of the message, only to deliver it",
)

SMS_PURPOSE = "Sending the text messages a customer asked for, and proving what was sent."
SMS_RETENTION = Retention(
    starts="the message is sent",
    days=30,
    setting="FRONTDESK_RETENTION_SMS_DAYS",
    clock="created_at",
)

DATA = [
    *(
        PersonalData(
            model="messaging.SmsMessage",
            fields=(field,),
            category=category,
            purpose=SMS_PURPOSE,
            basis=Basis.CONSENT,
            recipients=(SMS_PROVIDER,),
            retention=SMS_RETENTION,
            subject="user",
        )
        for field, category in (("to_phone", "contact.phone"), ("body", "message.sms"))
    ),
    PersonalData(
        model="messaging.SmsOptOut",
        fields=("phone",),
        category="contact.phone",
        purpose="Honouring STOP: this number is never texted again until it replies START.",
        basis=Basis.LEGAL_OBLIGATION,
        retention=Retention(starts="as long as the opt-out stands"),
    ),
    PersonalData(
        model="messaging.Consent",
        fields=("purpose", "channel", "policy_version", "source"),
        category="consent",
        purpose="Proving what each person agreed to or refused, when, and under which policy.",
        basis=Basis.LEGAL_OBLIGATION,
        retention=Retention(starts="the account", while_account_exists=True),
        subject="user",
    ),
    PersonalData(
        model="messaging.EmailMessageLog",
        fields=("to_email",),
        category="contact.email",
        purpose=EMAIL_PURPOSE,
        basis=Basis.CONTRACT,
        recipients=(EMAIL_PROVIDER,),
        retention=EMAIL_RETENTION,
        subject="user",
    ),
    PersonalData(
        model="messaging.EmailMessageLog",
        fields=("subject", "body_text", "body_html"),
        category="message.email",
        purpose=EMAIL_PURPOSE,
        basis=Basis.CONTRACT,
        recipients=(EMAIL_PROVIDER,),
        retention=EMAIL_RETENTION,
        subject="user",
    ),
    PersonalData(
        model="messaging.AnnouncementSubscriber",
        fields=("email",),
        category="contact.email",
        purpose="Sending announcements to people who joined the list and confirmed it.",
        basis=Basis.CONSENT,
        recipients=(EMAIL_PROVIDER,),
        # Kept while subscribed; unconfirmed sign-ups and addresses that left go after
        # FRONTDESK_ANNOUNCEMENT_CONFIRM_DAYS, by messaging.retention (the sweep has one clock).
        retention=Retention(
            starts="while subscribed; unconfirmed sign-ups and left addresses 7 days later"
        ),
        erasure=Erasure.DELETE,
    ),
]


def _no_token(row: Model) -> str:
    return ""


# Unsubscribe and confirmation tokens act for their recipient: none leaves production.
COPY_RULES = [
    Drop("messaging.UnsubscribeToken"),
    Replace("messaging.AnnouncementSubscriber", fields={"token_hash": _no_token}),
]
