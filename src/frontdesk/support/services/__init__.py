"""Changing support data: each function is one transaction with its audit event (see the
modules for their rules). Other apps and the views call them from here."""

from frontdesk.support.services.feedback import feedback_send
from frontdesk.support.services.reports import (
    attachment_add,
    attachment_copy_send,
    attachment_read,
)
from frontdesk.support.services.staff import (
    TicketView,
    feedback_list_open,
    ticket_fraud_clear,
    ticket_fraud_mark,
    ticket_open_for_staff,
    tickets_list_open,
)
from frontdesk.support.services.tickets import (
    AFTER_REPLY,
    team_create,
    ticket_open,
    ticket_open_public,
    ticket_reopen,
    ticket_reply_customer,
    ticket_reply_staff,
    ticket_resolve,
)

__all__ = [
    "AFTER_REPLY",
    "TicketView",
    "attachment_add",
    "attachment_copy_send",
    "attachment_read",
    "feedback_list_open",
    "feedback_send",
    "team_create",
    "ticket_fraud_clear",
    "ticket_fraud_mark",
    "ticket_open",
    "ticket_open_for_staff",
    "ticket_open_public",
    "ticket_reopen",
    "ticket_reply_customer",
    "ticket_reply_staff",
    "ticket_resolve",
    "tickets_list_open",
]
