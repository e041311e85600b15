"""Errors of the customer area. A person or a partner can cause them; each carries a message
fit to show, and nothing was changed when one is raised."""

from __future__ import annotations


class LicensingError(Exception):
    """A refused operation. `str(error)` is the message."""


class ForgedNotificationError(LicensingError):
    """A partner notification whose signature is missing, wrong or outside the replay window."""


class PaymentDataRefusedError(LicensingError):
    """A notification that carries payment details (a card number): refused unread (IN-18)."""


class InvalidNotificationError(LicensingError):
    """A signed notification that does not say what a purchase needs."""


class DownloadRefusedError(LicensingError):
    """A download that may not be served: held account, licence not covering it, quota used."""


class AccountHeldError(DownloadRefusedError):
    """The account is on hold (deactivated, or held by misuse detection or a promotion)."""


class QuotaExhaustedError(DownloadRefusedError):
    """Every download of this release allowed by the licence has been taken."""


class FileUnavailableError(LicensingError):
    """The release file is missing from storage: the operator must put it back."""
