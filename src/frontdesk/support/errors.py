"""Errors a person can cause in support: each carries a message fit to show them."""

from __future__ import annotations


class SupportError(Exception):
    """A refused support operation; nothing was changed. `str(error)` is the human message."""

    status_code = 409


class InvalidTransitionError(SupportError):
    """A ticket cannot move from its current state to the one asked for."""


class AttachmentRefusedError(SupportError):
    """A report that is too big, not text, not valid JSON, or not the one the customer saw."""

    status_code = 400


class TicketClosedError(SupportError):
    """The ticket's details were destroyed: nothing can be added to it any more."""
