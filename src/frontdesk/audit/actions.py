"""The registry of audit actions: every event type, with a stable name and what it means.

Names are stable forever (events already written carry them); add new ones, never rename.
`audit_record` refuses a name that is not here.
"""

from __future__ import annotations

ACTIONS: dict[str, str] = {
    # identity
    "identity.login.succeeded": "Signed in",
    "identity.logout": "Signed out",
    "identity.account.registered": "Customer registered an account",
    "identity.staff.created": "Staff account created by an administrator",
    "identity.password.changed": "Password changed",
    "identity.otp.enrolled": "Second factor (TOTP) enrolled",
    "identity.otp.reset": "Second factor reset by an administrator",
    "identity.account.locked": "Account locked after too many failed logins",
    "identity.account.unlocked": "Account unlocked",
    "identity.account.deactivated": "Account deactivated",
    "identity.account.reactivated": "Account reinstated by staff",
    "identity.apitoken.created": "API token created",
    "identity.apitoken.revoked": "API token revoked",
    # access
    "access.role.created": "Role created",
    "access.role.changed": "Role capabilities changed",
    "access.role.deleted": "Role deleted",
    "access.grant.added": "Role granted on a scope",
    "access.grant.removed": "Grant removed",
    "access.location.created": "Location created",
    "access.location.changed": "Location renamed",
    # audit
    "audit.log.viewed": "Audit log read",
    "audit.chain.verified": "Audit chain verified",
    # queues
    "queues.queue.created": "Queue created",
    "queues.queue.changed": "Queue name or expected service time changed",
    "queues.queue.activated": "Queue activated",
    "queues.queue.deactivated": "Queue deactivated",
    "queues.ticket.added": "Walk-in customer added by staff",
    "queues.ticket.joined": "Customer joined a queue online",
    "queues.ticket.left": "Customer left the queue on their own",
    "queues.ticket.summoned": "Customer summoned",
    "queues.ticket.arrived": "Customer marked arrived",
    "queues.ticket.served": "Customer marked served",
    "queues.ticket.no_show": "Customer marked no-show",
    "queues.ticket.removed": "Customer removed from the queue",
    "queues.board.viewed": "Queue board (customer names) read",
    "queues.ticket.contact_viewed": "Customer phone number read",
    "queues.report.viewed": "Queue report read",
    # messaging
    "messaging.outbox.viewed": "SMS outbox (phone numbers) read",
    "messaging.sms.opted_out": "Phone number opted out by STOP",
    "messaging.sms.opted_in": "Phone number opted back in by START",
    "messaging.consent.given": "Consent given for a messaging purpose",
    "messaging.consent.withdrawn": "Consent withdrawn for a messaging purpose",
    "messaging.subscriber.joined": "Address asked to join the announcement list",
    "messaging.subscriber.confirmed": "Announcement list subscription confirmed",
    "messaging.subscriber.unsubscribed": "Address left the announcement list",
    "messaging.subscribers.purged": "Unconfirmed or unsubscribed list addresses deleted",
    "messaging.announcement.sent": "Announcement queued to the list",
    # privacy
    "privacy.retention.swept": "Retention sweep applied",
    "identity.profile.changed": "Own name or e-mail address changed",
    "privacy.request.received": "Privacy request received",
    "privacy.request.code_sent": "Identity code e-mailed for a data download",
    "privacy.request.identity_verified": "Requester's identity verified",
    "privacy.request.in_progress": "Privacy request taken in hand",
    "privacy.request.done": "Privacy request completed",
    "privacy.request.refused": "Privacy request refused, with a reason",
    "privacy.request.viewed": "Privacy request details read by staff",
    "privacy.export.downloaded": "Personal data export opened",
    "privacy.account.erased": "Account erased: its personal data destroyed, identity removed",
    # staff
    "staff.policy.published": "Security policy version published",
    "staff.policy.acknowledged": "Security policy version acknowledged",
    "staff.disclosure.recorded": "Disclosure to a third party recorded",
    "staff.disclosures.viewed": "Record of disclosures read",
}


def describe(action: str) -> str:
    return ACTIONS.get(action, action)
