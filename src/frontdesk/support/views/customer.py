"""The customer's request pages: the conversation, replying, resolving and reopening, and
sending a diagnostic report or proof of purchase in two steps — upload, then approve the exact
contents shown (IN-4)."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from frontdesk.identity.models import User
from frontdesk.support import attachments, selectors, services
from frontdesk.support.errors import SupportError
from frontdesk.support.forms import ApproveForm, AttachmentForm, ReplyForm, TicketForm
from frontdesk.support.models import Attachment
from frontdesk.support.states import ACTIVE_STATES, TicketState
from frontdesk.support.views.common import CustomerAccess, customer_page, errors_from


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def mine(request: HttpRequest) -> HttpResponse:
    """The signed-in customer's requests, and the form for a new one."""
    user = cast(User, request.user)  # login_required: an account
    form = TicketForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            ticket = services.ticket_open(
                actor=user,
                team=data["team"],
                subject=data["subject"],
                body=data["body"],
                purchase_reference=data["purchase_reference"],
            )
        except ValidationError as error:
            errors_from(form, error)
        except SupportError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Request {ticket.reference} sent. We will answer here.")
            return redirect("support:ticket", ticket_id=ticket.pk)
    context = {"tickets": list(selectors.tickets_of(user=user)), "form": form}
    return render(request, "support/mine.html", context, status=400 if form.errors else 200)


def _render_ticket(
    request: HttpRequest,
    access: CustomerAccess,
    *,
    reply: ReplyForm | None = None,
    status: int = 200,
) -> HttpResponse:
    ticket = access.ticket
    context = {
        "ticket": ticket,
        "access": access,
        "urls": access.urls,
        "conversation": selectors.conversation(ticket),
        "reports": selectors.attachments_of(ticket),
        "reply_form": reply or ReplyForm(),
        "active": ticket.state in ACTIVE_STATES,
        "resolved": ticket.state == TicketState.RESOLVED,
    }
    return render(request, "support/ticket.html", context, status=status)


@customer_page
def ticket(request: HttpRequest, access: CustomerAccess) -> HttpResponse:
    return _render_ticket(request, access)


@customer_page
@require_POST
def reply(request: HttpRequest, access: CustomerAccess) -> HttpResponse:
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            services.ticket_reply_customer(
                actor=access.user, ticket=access.ticket, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            errors_from(form, error)
        except SupportError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Your message was sent.")
            return redirect(access.url("ticket"))
    return _render_ticket(request, access, reply=form, status=400)


@customer_page
@require_POST
def resolve(request: HttpRequest, access: CustomerAccess) -> HttpResponse:
    try:
        services.ticket_resolve(actor=access.user, ticket=access.ticket)
    except SupportError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Marked resolved. You can reopen it for a while if need be.")
    return redirect(access.url("ticket"))


@customer_page
@require_POST
def reopen(request: HttpRequest, access: CustomerAccess) -> HttpResponse:
    try:
        services.ticket_reopen(actor=access.user, ticket=access.ticket)
    except SupportError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "The request is open again.")
    return redirect(access.url("ticket"))


def _render_attach(
    request: HttpRequest,
    access: CustomerAccess,
    form: AttachmentForm,
    *,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    context = {
        "ticket": access.ticket,
        "urls": access.urls,
        "form": form,
        "error": error,
        "max_kb": attachments.max_bytes() // 1000,
    }
    return render(request, "support/attach.html", context, status=status)


@customer_page
@require_http_methods(["GET", "POST"])
def attach(request: HttpRequest, access: CustomerAccess) -> HttpResponse:
    """Step one: choose the report. A POST shows the preview; nothing is stored or sent."""
    if access.ticket.is_closed:
        messages.error(request, "This request is closed. Open a new one.")
        return redirect(access.url("ticket"))
    if request.method == "GET":
        return _render_attach(request, access, AttachmentForm())
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_attach(request, access, form, status=400)
    try:
        draft = attachments.draft_read(
            kind=form.cleaned_data["kind"],
            text=form.cleaned_data["text"],
            upload=form.cleaned_data["upload"],
        )
    except SupportError as error:
        form.add_error(None, str(error))
        return _render_attach(request, access, form, status=400)
    approve_form = ApproveForm(
        initial={
            "stamp": attachments.draft_stamp(draft, ticket_id=access.ticket.pk),
            "content": draft.encoded,
        }
    )
    context = {"ticket": access.ticket, "urls": access.urls, "draft": draft, "form": approve_form}
    return render(request, "support/preview.html", context)


@customer_page
@require_POST
def approve(request: HttpRequest, access: CustomerAccess) -> HttpResponse:
    """Step two: the customer approved the exact report they were shown; it is sent now."""
    form = ApproveForm(request.POST)
    try:
        if not form.is_valid():
            raise SupportError(attachments.NOT_APPROVED)
        draft = attachments.draft_approved(
            ticket_id=access.ticket.pk,
            stamp=form.cleaned_data["stamp"],
            encoded=form.cleaned_data["content"],
        )
        copy = form.cleaned_data["copy"]
        services.attachment_add(actor=access.user, ticket=access.ticket, draft=draft, copy=copy)
    except SupportError as error:
        return _render_attach(request, access, AttachmentForm(), error=str(error), status=400)
    sent = f"Your {draft.kind_label.lower()} was sent to support."
    messages.success(request, f"{sent} A copy is on its way to you." if copy else sent)
    return redirect(access.url("ticket"))


@customer_page
@require_POST
def copy(request: HttpRequest, access: CustomerAccess) -> HttpResponse:
    """E-mail the customer an exact copy of one of the reports they sent (IN-4)."""
    try:
        report_id = int(request.POST.get("attachment", ""))
    except ValueError:
        report_id = 0
    report = Attachment.objects.filter(ticket=access.ticket, pk=report_id).first()
    if report is None:
        messages.error(request, "That report is no longer here.")
    else:
        try:
            services.attachment_copy_send(actor=access.user, attachment=report)
        except SupportError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "A copy is on its way to your e-mail address.")
    return redirect(access.url("ticket"))
