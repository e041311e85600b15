"""Messaging's personal data (see `frontdesk.core.declarations`)."""

from __future__ import annotations

from frontdesk.core.declarations import Basis, PersonalData, Recipient, Retention

SMS_PROVIDER = Recipient(
    name="The SMS provider",
    role="processor",
    receives="the phone number and the text of the message, only to deliver it",
)

DATA = [
    PersonalData(
        model="messaging.SmsMessage",
        fields=("to_phone",),
        category="contact.phone",
        purpose="Sending the text messages a customer asked for, and proving what was sent.",
        basis=Basis.CONSENT,
        recipients=(SMS_PROVIDER,),
        retention=Retention(
            starts="the message is sent",
            days=30,
            setting="FRONTDESK_RETENTION_SMS_DAYS",
            clock="created_at",
        ),
    ),
    PersonalData(
        model="messaging.SmsMessage",
        fields=("body",),
        category="message.sms",
        purpose="Sending the text messages a customer asked for, and proving what was sent.",
        basis=Basis.CONSENT,
        recipients=(SMS_PROVIDER,),
        retention=Retention(
            starts="the message is sent",
            days=30,
            setting="FRONTDESK_RETENTION_SMS_DAYS",
            clock="created_at",
        ),
    ),
    PersonalData(
        model="messaging.SmsOptOut",
        fields=("phone",),
        category="contact.phone",
        purpose="Honouring STOP: this number is never texted again until it replies START.",
        basis=Basis.LEGAL_OBLIGATION,
        retention=Retention(starts="as long as the opt-out stands"),
    ),
]
