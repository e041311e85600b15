"""Concurrent staff and customers: the row locks make changes queue up instead of colliding
(Saleor's rule: select_for_update, not check-then-act)."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connections

from frontdesk.queues import services
from frontdesk.queues.errors import InvalidTransitionError
from frontdesk.queues.models import Queue, Ticket

pytestmark = pytest.mark.django_db(transaction=True)


def _all_at_once(count: int, work: Callable[[int], object]) -> list[object]:
    """Run work(i) in `count` threads released together; collect results or exceptions."""
    barrier = threading.Barrier(count)
    results: list[object] = [None] * count

    def run(i: int) -> None:
        barrier.wait()
        try:
            results[i] = work(i)
        except Exception as error:  # the test inspects what each thread met
            results[i] = error
        finally:
            connections.close_all()  # the vault's connection too

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_customers_joining_together_get_distinct_numbers(queue):
    # when
    _all_at_once(
        8,
        lambda i: services.ticket_join(queue=queue, name=f"C{i}", phone="", sms_opt_in=False),
    )
    # then
    numbers = sorted(Ticket.objects.values_list("number", flat=True))
    assert numbers == list(range(1, 9))
    assert Queue.objects.get(pk=queue.pk).version == queue.version + 8


@pytest.mark.promise("FD-8")
def test_two_agents_summoning_the_same_customer_summon_once(queue, owner):
    # given
    ticket = services.ticket_join(queue=queue, name="Ada", phone="", sms_opt_in=False)
    # when
    results = _all_at_once(2, lambda i: services.ticket_summon(actor=owner, ticket=ticket))
    # then
    assert sum(isinstance(r, Ticket) for r in results) == 1
    assert sum(isinstance(r, InvalidTransitionError) for r in results) == 1
