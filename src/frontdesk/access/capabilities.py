"""Every capability a role can carry, with a stable code and what it allows.

The queue capabilities are exactly those of QLess (QL-17); the platform adds staff management,
audit-log reading and setting up locations and queues.
"""

from __future__ import annotations

QUEUE_CUSTOMERS = "queue.customers"  # add (walk-in) and remove customers
QUEUE_SUMMON = "queue.summon"  # summon customers; mark a summoned customer no-show
QUEUE_ARRIVE = "queue.arrive"  # mark customers arrived; mark them served
QUEUE_ACTIVATE = "queue.activate"  # activate and deactivate a queue
QUEUE_REPORTS = "queue.reports"  # access reports
STAFF_MANAGE = "staff.manage"  # create staff, manage roles and grants
AUDIT_READ = "audit.read"  # read the audit log
SETUP_MANAGE = "setup.manage"  # create and rename locations; create and edit queues
PRIVACY_REQUESTS = "privacy.requests"  # work the queue of data-subject requests
POLICY_PUBLISH = "policy.publish"  # publish a new version of the security policy (QM-6)
DISCLOSURES_RECORD = "disclosures.record"  # record and read legally required disclosures (QM-16)

CAPABILITIES: dict[str, str] = {
    QUEUE_CUSTOMERS: "Add and remove customers to and from a queue",
    QUEUE_SUMMON: "Summon customers from a queue",
    QUEUE_ARRIVE: "Mark customers arrived",
    QUEUE_ACTIVATE: "Activate and deactivate a queue",
    QUEUE_REPORTS: "Access reports",
    STAFF_MANAGE: "Manage staff, roles and grants",
    AUDIT_READ: "Read the audit log",
    SETUP_MANAGE: "Set up locations and queues",
    PRIVACY_REQUESTS: "Handle privacy requests",
    POLICY_PUBLISH: "Publish the security policy",
    DISCLOSURES_RECORD: "Record disclosures to authorities and third parties",
}

# Capabilities that open customer data: whoever holds one must have acknowledged the newest
# security policy of that organisation first (QM-6). Add every new such capability here.
CUSTOMER_DATA_CAPABILITIES: frozenset[str] = frozenset(
    {QUEUE_CUSTOMERS, QUEUE_SUMMON, QUEUE_ARRIVE, QUEUE_REPORTS}
)


def validate(codes: list[str]) -> list[str]:
    unknown = sorted(set(codes) - set(CAPABILITIES))
    if unknown:
        raise ValueError(f"Unknown capabilities: {', '.join(unknown)}")
    return sorted(set(codes))
