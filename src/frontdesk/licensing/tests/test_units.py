"""Small parts: the signature scheme, unlock codes, reading a notice."""

from __future__ import annotations

import pytest

from frontdesk.licensing import signing
from frontdesk.licensing.codes import ALPHABET, unlock_code_new
from frontdesk.licensing.errors import ForgedNotificationError, InvalidNotificationError
from frontdesk.licensing.notices import notice_read
from frontdesk.licensing.tests.conftest import payload

BODY = b'{"event_id": "e"}'


def _verify(headers: dict[str, str], *, body: bytes = BODY, now: float = 1000) -> None:
    signing.verify(
        timestamp=headers.get(signing.TIMESTAMP_HEADER, ""),
        signature=headers.get(signing.SIGNATURE_HEADER, ""),
        body=body,
        secret="s3cret",
        tolerance=300,
        now=now,
    )


def test_a_signature_verifies_only_for_its_body_secret_and_time():
    # given
    headers = signing.headers_for(secret="s3cret", timestamp=1000, body=BODY)
    # then
    _verify(headers)
    _verify(headers, now=1300)
    with pytest.raises(ForgedNotificationError, match="too old"):
        _verify(headers, now=1301)
    with pytest.raises(ForgedNotificationError, match="does not match"):
        _verify(headers, body=BODY + b" ")
    with pytest.raises(ForgedNotificationError, match="does not match"):
        _verify(signing.headers_for(secret="other", timestamp=1000, body=BODY))
    with pytest.raises(ForgedNotificationError, match="missing"):
        _verify({})
    moved = {**headers, signing.TIMESTAMP_HEADER: "1001"}
    with pytest.raises(ForgedNotificationError, match="does not match"):
        _verify(moved)


def test_unlock_codes_are_random_groups_of_an_unambiguous_alphabet():
    # when
    codes = {unlock_code_new() for _ in range(200)}
    # then
    assert len(codes) == 200
    for code in codes:
        groups = code.split("-")
        assert [len(group) for group in groups] == [5, 5, 5, 5]
        assert set("".join(groups)) <= set(ALPHABET)


def test_a_notice_reads_the_purchase_and_keeps_only_what_it_needs():
    # given
    data = payload(quantity=3)
    data["contact"]["phone"] = "+44 20 7946 0958"
    data["order"]["date"] = "2026-11-20"
    # when
    notice = notice_read(data)
    # then
    assert notice.contact.email == "ada.buyer@example.test"
    assert notice.order.quantity == 3
    assert notice.order.ordered_at.isoformat() == "2026-11-20T00:00:00+00:00"
    assert notice.order.options == '{"delivery": "download"}'
    assert "7946" not in str(notice)


@pytest.mark.parametrize(
    ("section", "key", "value"),
    [
        ("order", "price", "12.345"),
        ("order", "price", "-1"),
        ("order", "currency", "dollars"),
        ("order", "quantity", 101),
        ("order", "quantity", True),
        ("order", "date", "yesterday"),
        ("contact", "email", "not-an-address"),
        ("order", "options", "free text"),
    ],
)
def test_a_notice_refuses_what_it_cannot_record(section, key, value):
    # given
    data = payload()
    data[section][key] = value
    # then
    with pytest.raises(InvalidNotificationError):
        notice_read(data)
