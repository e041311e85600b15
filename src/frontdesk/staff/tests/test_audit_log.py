"""The auditor's screen (QL-18, FD-3): filters, who/what/when/where, reads recorded, chain check."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from conftest import make_user
from django.db import connection, transaction
from django.urls import reverse

from frontdesk.access import services as access
from frontdesk.audit import guard
from frontdesk.audit.models import AuditEvent
from frontdesk.audit.services import audit_record
from frontdesk.core import context
from frontdesk.staff.services import AUDIT_PAGE_SIZE
from frontdesk.vault.blind import blind_index

LONDON = ZoneInfo("Europe/London")


def _audit(organisation) -> str:
    return reverse("staff:audit", args=[organisation.pk])


def _seqs(response) -> list[int]:
    """The event numbers listed on the page, in order."""
    return [int(n) for n in re.findall(r"<tr>\s*<td>(\d+)</td>", response.content.decode())]


def _record(action: str, *, actor=None, organisation=None, target=None, **details) -> AuditEvent:
    with transaction.atomic():
        return audit_record(
            actor=actor,
            action=action,
            target=target,
            organisation_id=organisation.pk if organisation else None,
            details=details,
        )


@pytest.mark.promise("QL-15", "QL-18")
@pytest.mark.parametrize(
    ("who", "status"),
    [("owner", 200), ("auditor", 200), ("member", 403), ("clerk", 403), ("outsider", 404)],
)
def test_audit_log_is_404_for_outsiders_403_for_members_200_for_auditors(
    request, login, organisation, who, status
):
    # given
    client = login(request.getfixturevalue(who))
    # when
    response = client.get(_audit(organisation))
    # then
    assert response.status_code == status


@pytest.mark.promise("FD-3", "QL-18")
def test_reading_the_audit_log_is_itself_audited(login, organisation, auditor):
    # given
    client = login(auditor)
    # when
    response = client.get(_audit(organisation), {"action": "access."})
    # then
    assert response.status_code == 200
    event = AuditEvent.objects.filter(action="audit.log.viewed").get()
    assert event.actor_id == auditor.pk
    assert event.organisation_id == organisation.pk
    assert event.details["filters"] == {"action": "access."}
    assert event.request_id == response["X-Request-ID"]
    assert event.ip_index == blind_index("ip", "203.0.113.7")


@pytest.mark.promise("FD-3", "QL-18")
def test_rows_show_when_who_what_target_from_where_and_details(
    login, organisation, owner, auditor, customer
):
    # given
    with context.bound(context.RequestContext(request_id="req-12345678", ip="203.0.113.9")):
        _record("queues.ticket.summoned", actor=owner, organisation=organisation, ticket=7)
        _record("queues.ticket.removed", actor=customer, organisation=organisation)
        _record("messaging.sms.opted_out", organisation=organisation)
    _record("queues.queue.activated", organisation=organisation)
    # when
    page = login(auditor).get(_audit(organisation)).content.decode()
    # then
    assert "Olivia Owner &lt;owner@acme.test&gt;" in page
    assert "Customer summoned" in page
    assert "queues.ticket.summoned" in page
    assert blind_index("ip", "203.0.113.9")[:12] in page  # the address, hashed (FD-2)
    assert "203.0.113.9" not in page
    assert "req-12345678" in page
    assert "{&quot;ticket&quot;: 7}" in page
    assert f"customer #{customer.pk}" in page
    assert customer.email not in page
    assert "<td>visitor (not signed in)</td>" in page
    assert "<td>system</td>" in page


@pytest.mark.promise("FD-3", "QL-15")
def test_the_log_shows_only_this_organisations_events(
    login, organisation, auditor, other_organisation
):
    # given: each business has its own chain, so both events are #1 of theirs
    mine = _record("queues.queue.activated", organisation=organisation, queue="mine")
    theirs = _record("queues.queue.activated", organisation=other_organisation, queue="theirs")
    # when
    response = login(auditor).get(_audit(organisation))
    # then
    page = response.content.decode()
    assert mine.seq in _seqs(response)
    assert "mine" in page
    assert "theirs" not in page
    assert theirs.organisation_id == other_organisation.pk


@pytest.mark.promise("QL-18")
def test_account_events_of_the_organisations_staff_are_in_its_log(
    login, organisation, owner, auditor, location
):
    # given: staff created through the staff area: the account is the business's, so is its event
    role = owner.grants.get().role
    login(owner).post(
        reverse("staff:people", args=[organisation.pk]),
        {
            "email": "new@acme.test",
            "full_name": "Nina New",
            "role": role.pk,
            "scope": f"location:{location.pk}",
        },
    )
    created = AuditEvent.objects.get(action="identity.staff.created")
    # when
    seqs = _seqs(login(auditor).get(_audit(organisation)))
    # then
    assert created.organisation_id == organisation.pk
    assert created.seq in seqs


@pytest.mark.promise("QL-7", "FD-3")
def test_filtering_by_e_mail_redirects_to_a_url_with_the_id_only(
    login, organisation, owner, member, auditor
):
    # given
    by_owner = _record("queues.ticket.summoned", actor=owner, organisation=organisation)
    by_member = _record("queues.ticket.summoned", actor=member, organisation=organisation)
    client = login(auditor)
    # when
    response = client.post(_audit(organisation), {"actor": "Member@Acme.test"})
    listing = client.get(response["Location"])
    # then
    assert response.status_code == 302
    assert "@" not in response["Location"]
    assert "%40" not in response["Location"]
    assert f"actor={member.pk}" in response["Location"]
    assert _seqs(listing) == [by_member.seq]
    assert by_owner.seq not in _seqs(listing)


def test_filtering_by_actor_id_action_and_target(login, organisation, owner, member, auditor):
    # given
    client = login(auditor)
    summoned = _record("queues.ticket.summoned", actor=member, organisation=organisation)
    removed = _record("queues.ticket.removed", actor=member, organisation=organisation)
    _record("queues.ticket.summoned", actor=owner, organisation=organisation)
    grant = member.grants.get()
    # when
    by_actor_and_action = client.get(
        _audit(organisation), {"actor": member.pk, "action": "queues.ticket.summoned"}
    )
    by_prefix = client.get(_audit(organisation), {"actor": member.pk, "action": "queues."})
    by_target = client.get(
        _audit(organisation), {"target_type": "access.grant", "target_id": grant.pk}
    )
    # then
    assert _seqs(by_actor_and_action) == [summoned.seq]
    assert _seqs(by_prefix) == [removed.seq, summoned.seq]
    added = AuditEvent.objects.get(action="access.grant.added", target_id=str(grant.pk))
    assert _seqs(by_target) == [added.seq]


def test_filtering_by_dates_includes_both_ends(login, organisation, auditor):
    # given
    events = {}
    for day in (1, 2, 3, 4):
        with time_machine.travel(datetime(2025, 3, day, 12, tzinfo=LONDON), tick=False):
            events[day] = _record("queues.queue.activated", organisation=organisation)
    # when
    response = login(auditor).get(
        _audit(organisation), {"since": "2025-03-02", "until": "2025-03-03"}
    )
    # then
    assert _seqs(response) == [events[3].seq, events[2].seq]


@pytest.mark.promise("FD-8")
def test_bad_filters_get_clear_errors_and_read_nothing(login, organisation, auditor):
    # given
    client = login(auditor)
    # when
    unknown_person = client.post(_audit(organisation), {"actor": "nobody@nowhere.test"})
    backwards = client.get(_audit(organisation), {"since": "2025-03-05", "until": "2025-03-01"})
    not_a_date = client.get(_audit(organisation), {"since": "yesterday"})
    # then
    assert unknown_person.status_code == 400
    assert "Nobody with this e-mail address" in unknown_person.content.decode()
    assert backwards.status_code == 400
    assert "before the start" in backwards.content.decode()
    assert not_a_date.status_code == 400
    assert not AuditEvent.objects.filter(action="audit.log.viewed").exists()


def test_an_e_mail_of_someone_outside_the_organisation_is_not_found(
    login, organisation, auditor, other_organisation
):
    # given: a person of the other business, who acted there only
    outsider = make_user("outsider@other.test", staff=True, organisation=other_organisation)
    _record("queues.queue.activated", actor=outsider, organisation=other_organisation)
    # when
    response = login(auditor).post(_audit(organisation), {"actor": outsider.email})
    # then
    assert response.status_code == 400


@pytest.mark.promise("FD-3")
def test_pages_stay_put_while_reading_adds_events(login, organisation, auditor):
    # given: more than a page of events
    first = [
        _record("queues.queue.activated", organisation=organisation).seq
        for _ in range(AUDIT_PAGE_SIZE + 5)
    ]
    client = login(auditor)
    page_one = client.get(_audit(organisation))
    next_link = re.search(r'href="(\?[^"]*page=2)"', page_one.content.decode())
    assert next_link is not None
    # when
    page_two = client.get(_audit(organisation) + next_link.group(1).replace("&amp;", "&"))
    # then: the read of page one (recorded since) did not push an event onto page two
    listed = _seqs(page_one) + _seqs(page_two)
    assert len(_seqs(page_one)) == AUDIT_PAGE_SIZE
    assert set(first) <= set(listed)
    assert len(listed) == len(set(listed))


@pytest.mark.promise("FD-3")
def test_verify_chain_reports_an_intact_chain_and_is_audited(login, organisation, auditor):
    # given
    client = login(auditor)
    # when
    response = client.post(reverse("staff:audit_verify", args=[organisation.pk]), follow=True)
    # then
    assert "Chain intact" in response.content.decode()
    event = AuditEvent.objects.get(action="audit.chain.verified")
    assert event.actor_id == auditor.pk
    assert event.details["problem_seq"] is None


@pytest.mark.promise("FD-3")
def test_verify_chain_names_the_first_altered_event(login, organisation, auditor):
    # given: someone with database access lifts the guard and rewrites history
    victim = _record("queues.queue.activated", organisation=organisation)
    guard.uninstall(connection)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditevent SET action = %s WHERE id = %s",
            ["queues.queue.deactivated", victim.pk],
        )
    guard.install(connection)
    # when
    response = login(auditor).post(
        reverse("staff:audit_verify", args=[organisation.pk]), follow=True
    )
    # then
    assert f"Chain broken at event #{victim.seq}" in response.content.decode()
    event = AuditEvent.objects.get(action="audit.chain.verified")
    assert event.details["problem_seq"] == victim.seq


def test_verify_chain_needs_audit_read(login, organisation, member):
    # when
    response = login(member).post(reverse("staff:audit_verify", args=[organisation.pk]))
    # then
    assert response.status_code == 403
    assert not AuditEvent.objects.filter(action="audit.chain.verified").exists()


def test_the_audit_page_links_to_people_only_for_managers(login, organisation, owner, auditor):
    # given
    people = reverse("staff:people", args=[organisation.pk])
    # when
    owner_page = login(owner).get(_audit(organisation)).content.decode()
    auditor_page = login(auditor).get(_audit(organisation)).content.decode()
    # then
    assert people in owner_page
    assert people not in auditor_page


def test_location_is_created_with_its_organisation_in_the_log(login, organisation, auditor):
    # given
    location = access.location_create(
        actor=None, organisation=organisation, name="Quay", slug="quay"
    )
    # when
    page = login(auditor).get(_audit(organisation)).content.decode()
    # then
    assert f"access.location {location.pk}" in page
