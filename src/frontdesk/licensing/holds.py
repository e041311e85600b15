"""Whether an account may take downloads now. One function, so every rule that holds an
account (misuse detection, issue 5 §6) is added here and applies to the area, the download
links and the serving of files alike."""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from frontdesk.identity.models import User

HELD = "Downloads are paused for your account while it is on hold. You can ask us to reinstate it."
# The reinstatement request page (the promotions app serves it at /software/reinstatement/ for
# every kind of hold); named by URL only, so licensing imports nothing above it.
REINSTATEMENT_URL = "promotions:reinstatement"


# Checks that higher apps (misuse detection, promotions) register in their AppConfig.ready, so
# licensing never imports them: each answers True while it holds the account.
HOLD_CHECKS: list[Callable[[User], bool]] = []


def hold_check_register(check: Callable[[User], bool]) -> None:
    """Add a check that holds an account (once, however often the app is made ready)."""
    if check not in HOLD_CHECKS:
        HOLD_CHECKS.append(check)


def download_allowed(user: User) -> bool:
    """True when `user` may download: the account is active (not deactivated) and no
    registered check holds it."""
    return bool(user.is_active) and not any(check(user) for check in HOLD_CHECKS)


def held_notice() -> SafeString:
    """HELD, with a link to the page where the owner asks for reinstatement (IN-23)."""
    return format_html(
        '{} <a href="{}">Ask for reinstatement</a>.', HELD, reverse(REINSTATEMENT_URL)
    )


def account_held(user: object) -> bool:
    """Whether a signed-in person's account is on hold (False for anyone not signed in)."""
    return isinstance(user, User) and not download_allowed(user)
