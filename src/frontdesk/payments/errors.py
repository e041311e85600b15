"""Errors of the payment service. Each carries a message fit to show (or to log: none holds a
request body, an e-mail address or anything a card)."""

from __future__ import annotations


class PaymentError(Exception):
    """A refused payment operation; nothing was changed. `str(error)` is the human message."""

    status_code = 409


class InvalidTransitionError(PaymentError):
    """A payment cannot move from its current state to the one asked for."""


class PaymentClosedError(PaymentError):
    """The caller's reference is already paid (or refunded): no second payment is started."""


class ProviderError(PaymentError):
    """The payment provider could not be reached, or refused the request."""

    status_code = 502


class UnknownProviderError(PaymentError):
    """No such payment provider (or not the one configured)."""

    status_code = 404


class ForgedWebhook(PaymentError):  # noqa: N818 - the name the payments contract gives it
    """A webhook whose signature is missing, wrong or too old: refused, logged and audited."""

    status_code = 400


class WebhookPayloadError(PaymentError):
    """A correctly signed webhook whose body cannot be read."""

    status_code = 400
