from __future__ import annotations

import re

import pytest
from django.urls import reverse

from frontdesk.audit.models import AuditEvent
from frontdesk.queues import services
from frontdesk.queues.models import Queue, Ticket
from frontdesk.queues.tests.conftest import urls_in
from frontdesk.queues.tests.factories import press

PHONE = "+447700900123"
DIGITS = "7700900123"


def _join_url(queue: Queue) -> str:
    return reverse("queues:join", kwargs={"public_token": queue.public_token})


def test_the_join_page_offers_an_unticked_sms_box(queue, client):
    # when
    html = client.get(_join_url(queue)).content.decode()
    # then
    found = re.search(r"<input[^>]*name=\"sms_opt_in\"[^>]*>", html)
    assert found is not None
    checkbox = found.group(0)
    assert 'type="checkbox"' in checkbox
    assert "checked" not in checkbox
    assert "Send me SMS updates" in html
    assert "csrfmiddlewaretoken" in html


@pytest.mark.promise("QL-7")
def test_joining_leads_to_the_ticket_page_under_an_opaque_token(queue, client):
    # when
    response = client.post(
        _join_url(queue), {"name": "Ada", "phone": PHONE, "sms_opt_in": "on"}, follow=True
    )
    # then
    ticket = Ticket.objects.get()
    assert response.redirect_chain == [(f"/t/{ticket.token}/", 302)]
    html = response.content.decode()
    assert "Ada, your number is" in html
    assert "You are next." in html
    assert (ticket.phone, ticket.sms_opt_in) == (PHONE, True)
    event = AuditEvent.objects.filter(action="queues.ticket.joined").get()
    assert event.actor_id is None


@pytest.mark.promise("FD-8", "QL-1")
def test_a_phone_without_the_tick_box_is_a_form_error_and_no_ticket(queue, client):
    # when
    response = client.post(_join_url(queue), {"name": "Ada", "phone": PHONE})
    # then
    assert response.status_code == 400
    html = response.content.decode()
    assert "We only keep a phone number to send SMS updates" in html
    assert 'class="errorlist' in html
    assert not Ticket.objects.exists()


@pytest.mark.promise("FD-8")
def test_a_join_without_a_name_is_a_form_error_and_no_ticket(queue, client):
    # when
    response = client.post(_join_url(queue), {"name": ""})
    # then
    assert response.status_code == 400
    assert "Enter your name" in response.content.decode()
    assert not Ticket.objects.exists()


def test_a_closed_queue_says_so_and_takes_nobody(queue, owner, client):
    # given
    services.queue_deactivate(actor=owner, queue=queue)
    # when
    page = client.get(_join_url(queue)).content.decode()
    posted = client.post(_join_url(queue), {"name": "Ada"})
    # then
    assert "This queue is closed" in page
    assert 'name="name"' not in page
    assert posted.status_code == 400
    assert "closed" in posted.content.decode()
    assert not Ticket.objects.exists()


def test_unknown_tokens_are_not_found(db, client):
    # then
    assert client.get("/q/not-a-real-queue-token/").status_code == 404
    assert client.get("/t/not-a-real-ticket-token/").status_code == 404
    assert client.get("/t/not-a-real-ticket-token/wait?v=1").status_code == 404


@pytest.mark.promise("FD-7")
def test_ticket_pages_are_never_cached(queue, client):
    # given
    ticket = services.ticket_join(queue=queue, name="Ada", phone="", sms_opt_in=False)
    # when
    page = client.get(f"/t/{ticket.token}/")
    poll = client.get(f"/t/{ticket.token}/wait?v=0")
    # then
    for response in (page, poll):
        assert "no-store" in response["Cache-Control"]


def test_the_ticket_page_works_without_script(queue, client):
    # given
    ticket = services.ticket_join(queue=queue, name="Ada", phone="", sms_opt_in=False)
    # when
    html = client.get(f"/t/{ticket.token}/").content.decode()
    # then
    assert re.search(r'<noscript><meta http-equiv="refresh" content="\d+"></noscript>', html)
    assert re.search(r'<script src="/static/queues/ticket\.js" integrity="sha384-', html)
    assert "<script>" not in html
    assert "style=" not in html


def test_the_customer_leaves_from_the_ticket_page(queue, client):
    # given
    ticket = services.ticket_join(queue=queue, name="Ada", phone=PHONE, sms_opt_in=True)
    # when
    response = client.post(f"/t/{ticket.token}/leave", follow=True)
    # then
    ticket.refresh_from_db()
    assert (ticket.state, ticket.phone) == ("left", "")
    assert "You left the queue." in response.content.decode()
    assert "Leave the queue" not in response.content.decode()


@pytest.mark.promise("FD-8")
def test_leaving_twice_says_why_and_changes_nothing(queue, client):
    # given
    ticket = services.ticket_join(queue=queue, name="Ada", phone="", sms_opt_in=False)
    client.post(f"/t/{ticket.token}/leave")
    # when
    response = client.post(f"/t/{ticket.token}/leave")
    # then
    assert response.status_code == 409
    assert "no longer in the queue" in response.content.decode()
    assert AuditEvent.objects.filter(action="queues.ticket.left").count() == 1


@pytest.mark.promise("QL-7")
def test_no_rendered_url_carries_a_phone_number_or_an_email(queue, owner, client, staff_client):
    # given
    joined = client.post(
        _join_url(queue), {"name": "Ada", "phone": PHONE, "sms_opt_in": "on"}, follow=True
    )
    ticket = Ticket.objects.get()
    staff = staff_client(owner)
    pages = {
        "join": client.get(_join_url(queue)).content.decode(),
        "ticket": joined.content.decode(),
        "board": staff.get(reverse("queues:board", kwargs={"queue_id": queue.pk})).content.decode(),
        "phone": press(staff, ticket, "show_phone").content.decode(),
    }
    # then
    for name, html in pages.items():
        urls = urls_in(html)
        assert urls, name
        for url in urls:
            assert DIGITS not in url, (name, url)
            assert owner.email not in url, (name, url)
    assert DIGITS in pages["phone"]  # the one page meant to show it, in its text only
