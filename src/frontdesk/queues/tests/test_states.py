from __future__ import annotations

import pytest

from frontdesk.core import clock
from frontdesk.queues.errors import InvalidTransitionError
from frontdesk.queues.models import Ticket
from frontdesk.queues.states import FINAL_STATES, TRANSITIONS, State


def test_the_table_knows_every_state_and_final_states_lead_nowhere():
    # then
    assert set(TRANSITIONS) == set(State.values)
    assert {State.SERVED, State.REMOVED, State.NO_SHOW, State.LEFT} == FINAL_STATES
    assert TRANSITIONS[State.WAITING] == {State.SUMMONED, State.REMOVED, State.LEFT}


@pytest.mark.promise("FD-8")
def test_set_state_refuses_an_invalid_move_with_a_clear_message_and_changes_nothing():
    # given
    ticket = Ticket(number=7, state=State.WAITING)
    # when
    with pytest.raises(InvalidTransitionError) as refused:
        ticket.set_state(State.SERVED, at=clock.now())
    # then
    assert str(refused.value) == "Ticket 7 is still waiting, so it cannot be marked served."
    assert ticket.state == State.WAITING
    assert ticket.served_at is None


@pytest.mark.promise("QL-1")
def test_a_final_state_stamps_the_end_and_drops_the_phone():
    # given
    now = clock.now()
    ticket = Ticket(number=3, state=State.ARRIVED, phone="+447700900123", sms_opt_in=True)
    # when
    ticket.set_state(State.SERVED, at=now)
    # then
    assert (ticket.served_at, ticket.ended_at, ticket.phone) == (now, now, "")
