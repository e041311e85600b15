"""What each app's demo seeding returns: a login to print (`frontdesk demo`)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class DemoLogin:
    """An account of the demo (or a pseudo-entry such as "(visitors)"), its password, what it
    shows, and the pages to open."""

    email: str
    password: str
    description: str
    links: list[str] = field(default_factory=list)
    # The slug of the business the account (or pseudo-entry) belongs to; "" for the platform
    # or, for older seeds, the business of the one account with this address.
    business: str = ""

    @property
    def is_person(self) -> bool:
        """A real account, not a pseudo-entry such as "(visitors)" or a partner's secret."""
        return not self.email.startswith("(")
