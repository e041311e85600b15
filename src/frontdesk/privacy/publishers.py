"""Who publishes a privacy policy, and which apps' declarations it lists (FD-16, FD-1).

A business publishes the declarations of the platform's apps and of the modules it uses
(`Organisation.modules`); the platform operator, on the platform host, those of its own pages;
code outside any request (a command, a test) sees everything installed, as the business-scoped
managers do (`core.tenancy`).
"""

from __future__ import annotations

from dataclasses import dataclass

from frontdesk.access.hosts import organisation_of
from frontdesk.access.models import MODULES, Organisation
from frontdesk.core import tenancy

# The apps every business uses: accounts, access, the audit log, privacy requests, messages,
# the staff area, the web pages, the vault and the kernel.
PLATFORM_APPS = (
    "identity",
    "access",
    "audit",
    "privacy",
    "messaging",
    "staff",
    "web",
    "vault",
    "core",
)
# The apps behind each module a business may use (`access.models.MODULES`).
MODULE_APPS: dict[str, tuple[str, ...]] = {
    "queues": ("queues",),
    "shop": ("shop", "payments", "insights"),
    "licensing": ("licensing",),
    "support": ("support",),
    "promotions": ("promotions",),
    "misuse": ("misuse",),
}
# The platform host's own pages: operators sign in there and act, audited.
OPERATOR_APPS = ("identity", "access", "audit", "privacy", "vault", "web", "core")


@dataclass(frozen=True)
class Publisher:
    """Who publishes a policy and which apps' declarations it lists: a business (its own
    apps), the platform operator on the platform host, or everything installed (no request:
    `app_labels` None)."""

    organisation: Organisation | None
    app_labels: tuple[str, ...] | None

    @property
    def is_platform(self) -> bool:
        return self.organisation is None and self.app_labels is not None


def policy_apps(organisation: Organisation) -> tuple[str, ...]:
    """The apps whose declarations the business's policy lists: the platform's and its
    modules'."""
    labels = list(PLATFORM_APPS)
    for module in MODULES:
        if organisation.uses(module):
            labels.extend(MODULE_APPS[module])
    return tuple(labels)


def publisher_for(organisation: Organisation | None = None) -> Publisher:
    """The publisher of `organisation`'s policy, or, without one, of the policy the running
    code is bound to (`core.tenancy`): the bound business's, the platform operator's on the
    platform host, everything installed outside any request."""
    if organisation is not None:
        return Publisher(organisation, policy_apps(organisation))
    tenant = tenancy.current()
    if tenant is None:
        return Publisher(None, None)
    business = organisation_of(tenant.business_id)
    if business is None:
        return Publisher(None, OPERATOR_APPS)
    return Publisher(business, policy_apps(business))
