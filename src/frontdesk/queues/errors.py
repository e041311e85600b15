"""Errors a person can cause in the queue service: each carries a message fit to show them."""

from __future__ import annotations


class QueueError(Exception):
    """A refused queue operation; nothing was changed. `str(error)` is the human message."""

    status_code = 409


class QueueClosedError(QueueError):
    """The queue takes no new customers while it is inactive."""


class InvalidTransitionError(QueueError):
    """A ticket cannot move from its current state to the one asked for."""
