"""Why an e-mail is refused: raised by `email.email_send`, recorded by the delivery task."""

from __future__ import annotations


class EmailRefusedError(PermissionError):
    """This e-mail may not be sent to this recipient now; nothing was queued."""


class ConsentRequiredError(EmailRefusedError):
    """A non-transactional e-mail to a recipient who does not consent to its purpose right now
    (QM-18, QL-2, FD-12)."""


class AccountInactiveError(EmailRefusedError):
    """The recipient's account is deactivated: nothing is ever sent to it again (QM-11)."""
