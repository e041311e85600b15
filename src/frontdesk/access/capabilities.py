"""Every capability a role can carry, with a stable code and what it allows.

The queue capabilities are those of QLess (QL-17), plus reading a queue's board, which no
other grant implies (an auditor reads the log, not the waiting list); the platform adds staff
management, audit-log reading and setting up locations and queues.
"""

from __future__ import annotations

QUEUE_BOARD = "queue.board"  # read a queue's board: who waits, by name (not implied by a grant)
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
# The shop (JF-6: each job sees only the fields it needs; granted on a vendor or organisation)
SHOP_CATALOGUE = "shop.catalogue"  # add and edit products
SHOP_ORDERS_BILLING = "shop.orders.billing"  # amounts, billing address, payment state; refunds
SHOP_ORDERS_SERVICE = "shop.orders.service"  # contact details and order state; cancelling
SHOP_FULFIL = "shop.fulfil"  # shipping address and manifest; moving orders to shipped
SHOP_REPORTS = "shop.reports"  # traffic and sales totals; partner figures (aggregates only)
SHOP_PROMOTIONS = "shop.promotions"  # promotions to consenting customers; the mailing list
# Support (IN-19: staff see the requests of their team only; granted on a team or organisation)
SUPPORT_TICKETS = "support.tickets"  # read and answer requests, resolve and reopen them
SUPPORT_DIAGNOSTICS = "support.diagnostics"  # read diagnostics and proofs of purchase (audited)
SUPPORT_FRAUD = "support.fraud"  # mark suspected fraud: the request's details are kept longer
SUPPORT_FEEDBACK = "support.feedback"  # read customer feedback
# Infacta's promotions and misuse detection (IN-24, IN-9, IN-10, IN-12; on an organisation)
PROMOTIONS_MANAGE = "promotions.manage"  # create offers, read registrations, terminate accounts
MISUSE_REVIEW = "misuse.review"  # read misuse cases, hold accounts and lift holds

CAPABILITIES: dict[str, str] = {
    QUEUE_BOARD: "Read the board of a queue (the names of the customers waiting)",
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
    SHOP_CATALOGUE: "Manage the products of the shop",
    SHOP_ORDERS_BILLING: "Bill orders: amounts, billing address, payment state, refunds",
    SHOP_ORDERS_SERVICE: "Serve customers: contact details and order state",
    SHOP_FULFIL: "Fulfil orders: shipping addresses and the shipping manifest",
    SHOP_REPORTS: "Read shop traffic and sales reports; export partner figures",
    SHOP_PROMOTIONS: "Send promotions to consenting customers; hand the mailing company its list",
    SUPPORT_TICKETS: "Read and answer the support requests of a team",
    SUPPORT_DIAGNOSTICS: "Read diagnostic reports and proofs of purchase (each read is logged)",
    SUPPORT_FRAUD: "Mark suspected fraud on a support request (its details are kept longer)",
    SUPPORT_FEEDBACK: "Read customer feedback",
    PROMOTIONS_MANAGE: "Create promotional offers; terminate accounts that misused one",
    MISUSE_REVIEW: "Review misuse cases; put accounts on hold and lift holds (reads logged)",
}

# Capabilities that open customer data: whoever holds one must have acknowledged the newest
# security policy of that organisation first (QM-6). Add every new such capability here.
# The others are in `WITHOUT_CUSTOMER_DATA`, each with why.
CUSTOMER_DATA_CAPABILITIES: frozenset[str] = frozenset(
    {
        QUEUE_BOARD,  # the names of the customers waiting
        QUEUE_CUSTOMERS,
        QUEUE_SUMMON,
        QUEUE_ARRIVE,
        QUEUE_REPORTS,
        PRIVACY_REQUESTS,  # the requests: who asks, their details, their data download
        DISCLOSURES_RECORD,  # who was disclosed to whom, and what
        SHOP_ORDERS_BILLING,
        SHOP_ORDERS_SERVICE,
        SHOP_FULFIL,
        SHOP_PROMOTIONS,
        SUPPORT_TICKETS,
        SUPPORT_DIAGNOSTICS,
        SUPPORT_FRAUD,
        SUPPORT_FEEDBACK,
        PROMOTIONS_MANAGE,
        MISUSE_REVIEW,
    }
)

# Capabilities that open no customer data, and why. With CUSTOMER_DATA_CAPABILITIES they cover
# every capability exactly once (a test checks), so a new capability has to be placed.
WITHOUT_CUSTOMER_DATA: dict[str, str] = {
    QUEUE_ACTIVATE: "switches a queue on and off",
    STAFF_MANAGE: "staff, roles and grants: the staff's own data",
    AUDIT_READ: "the audit log names people by id only (FD-2)",
    SETUP_MANAGE: "locations and queues",
    POLICY_PUBLISH: "the policy and which members of staff acknowledged it",
    SHOP_CATALOGUE: "products",
    SHOP_REPORTS: "aggregates only, small cells suppressed",
}


def validate(codes: list[str]) -> list[str]:
    unknown = sorted(set(codes) - set(CAPABILITIES))
    if unknown:
        raise ValueError(f"Unknown capabilities: {', '.join(unknown)}")
    return sorted(set(codes))
