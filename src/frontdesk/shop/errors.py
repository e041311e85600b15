"""Errors a person can cause in the shop: each carries a message fit to show them, and nothing
was changed when one is raised (FD-8)."""

from __future__ import annotations


class ShopError(Exception):
    """A refused shop operation. `str(error)` is the human message."""

    status_code = 409


class InvalidTransitionError(ShopError):
    """An order cannot move from its current state to the one asked for."""


class OutOfStockError(ShopError):
    """Fewer items are left than were asked for."""


class EmptyCartError(ShopError):
    """There is nothing to order."""

    status_code = 400


class PaymentUnavailableError(ShopError):
    """The payment provider could not be reached: the order was not placed."""

    status_code = 503
