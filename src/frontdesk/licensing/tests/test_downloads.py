"""Downloads (IN-11, IN-12, QL-9): through a short-lived signed link bound to the person, the
licence and the file; counted against the release's quota only when served, never beyond it
even in parallel; recorded with time, address and network; refused to a held account."""

from __future__ import annotations

import base64
import hashlib
import threading
from datetime import timedelta

import pytest
import time_machine
from conftest import make_user
from django.db import close_old_connections

from frontdesk.audit.models import AuditEvent
from frontdesk.core import clock, context
from frontdesk.identity import services as identity
from frontdesk.licensing import links, services, storage
from frontdesk.licensing.errors import DownloadRefusedError, QuotaExhaustedError
from frontdesk.licensing.holds import download_allowed
from frontdesk.licensing.models import Download, DownloadCount, Licence, ReleaseFile
from frontdesk.licensing.tests.conftest import CUSTOMER_IP, area_client
from frontdesk.vault.blind import blind_index


def _link(browser, licence: Licence, file: ReleaseFile) -> str:
    """Click Download: the area answers with a redirect to a fresh signed link."""
    response = browser.post(f"/software/licences/{licence.pk}/files/{file.pk}/download")
    assert response.status_code == 302, response
    return str(response["Location"])


def _used(licence: Licence, file: ReleaseFile) -> int:
    counter = DownloadCount.objects.filter(licence=licence, release=file.release).first()
    return counter.used if counter else 0


@pytest.mark.promise("IN-11", "QL-9", "IN-12")
@pytest.mark.django_db
def test_a_download_serves_the_file_and_is_counted_and_recorded(licence, shelf):
    # given
    browser = area_client(licence.user)
    file = shelf.new_file
    # when
    response = browser.get(_link(browser, licence, file))
    # then: the file itself, as an attachment, with its checksum
    body = response.getvalue()
    assert response.status_code == 200
    assert hashlib.sha256(body).hexdigest() == file.sha256
    assert len(body) == file.size
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    digest = base64.b64encode(bytes.fromhex(file.sha256)).decode()
    assert response["Repr-Digest"] == f"sha-256=:{digest}:"
    # and it counted once, and is recorded with time, address and network (sealed)
    assert _used(licence, file) == 1
    download = Download.objects.get()
    assert (download.user, download.licence, download.file) == (licence.user, licence, file)
    assert download.ip == CUSTOMER_IP
    assert download.network_index == blind_index("network", "203.0.113.0/24")
    assert AuditEvent.objects.filter(action="licensing.download.served").count() == 1


@pytest.mark.promise("IN-11")
@pytest.mark.django_db
def test_the_quota_stops_the_download_after_the_last_allowed(licence, shelf):
    # given: a quota of two downloads per release
    browser = area_client(licence.user)
    file = shelf.new_file
    links_made = [_link(browser, licence, file) for _ in range(3)]  # links count nothing
    assert _used(licence, file) == 0
    # when
    served = [browser.get(link) for link in links_made]
    # then: two served, the third refused with a clear message
    assert [response.status_code for response in served] == [200, 200, 403]
    assert "You have taken all 2 downloads of Group Mail Pro 1.1" in served[2].content.decode()
    assert _used(licence, file) == 2
    assert Download.objects.count() == 2
    # and the area no longer offers a link for that release, but still for the other one
    refused = browser.post(f"/software/licences/{licence.pk}/files/{file.pk}/download")
    assert refused.status_code == 302
    assert refused["Location"] == "/software/"
    assert "0 of 2 downloads left" in browser.get("/software/").content.decode()
    assert browser.get(_link(browser, licence, shelf.old_file)).status_code == 200


@pytest.mark.promise("IN-11")
@pytest.mark.django_db(transaction=True)
def test_parallel_downloads_never_pass_the_quota(licence, shelf):
    # given: one download left
    services.download_serve(user=licence.user, licence=licence, file=shelf.new_file)
    outcomes: list[str] = []
    start = threading.Barrier(4)

    def take() -> None:
        start.wait()
        try:
            services.download_serve(user=licence.user, licence=licence, file=shelf.new_file)
            outcomes.append("served")
        except QuotaExhaustedError:
            outcomes.append("refused")
        finally:
            close_old_connections()

    # when: four downloads at the same moment
    threads = [threading.Thread(target=take) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # then
    assert sorted(outcomes) == ["refused", "refused", "refused", "served"]
    assert _used(licence, shelf.new_file) == 2
    assert Download.objects.count() == 2


@pytest.mark.promise("IN-11")
@pytest.mark.django_db
def test_an_expired_link_serves_nothing_and_counts_nothing(licence, shelf, settings):
    # given
    browser = area_client(licence.user)
    link = _link(browser, licence, shelf.new_file)
    # when: the customer comes back after the link's lifetime
    later = clock.now() + timedelta(seconds=settings.FRONTDESK_DOWNLOAD_LINK_SECONDS + 1)
    with time_machine.travel(later, tick=False):
        browser.force_login(licence.user)  # the session's own clock is not under test here
        response = browser.get(link)
    # then
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    assert _used(licence, shelf.new_file) == 0


@pytest.mark.promise("IN-11")
@pytest.mark.django_db
def test_a_tampered_link_or_someone_elses_serves_nothing(licence, shelf):
    # given: a link of the buyer's, one of its characters changed, and another customer
    browser = area_client(licence.user)
    link = _link(browser, licence, shelf.new_file)
    token = link.rstrip("/").rsplit("/", 1)[1]
    other_file = links.link_token(user_id=licence.user.pk, licence_id=licence.pk, file_id=999)
    tampered = token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1]
    stranger = area_client(make_user("stranger@example.test", organisation=shelf.organisation))
    # then
    assert browser.get(f"/software/download/{tampered}/").status_code == 404
    assert browser.get(f"/software/download/{other_file}/").status_code == 404
    assert stranger.get(link).status_code == 404
    assert _used(licence, shelf.new_file) == 0


@pytest.mark.promise("IN-11")
@pytest.mark.django_db
def test_someone_elses_licence_or_a_file_it_does_not_cover_is_not_found(licence, shelf):
    # given: another product's file, and another customer
    stranger = area_client(make_user("stranger@example.test", organisation=shelf.organisation))
    browser = area_client(licence.user)
    # then
    assert (
        stranger.post(
            f"/software/licences/{licence.pk}/files/{shelf.new_file.pk}/download"
        ).status_code
        == 404
    )
    assert browser.post(f"/software/licences/{licence.pk}/files/99999/download").status_code == 404


@pytest.mark.promise("IN-11")
@pytest.mark.django_db
def test_releases_after_the_update_period_are_not_covered(licence, shelf):
    # given: a release published after the licence's updates end
    late = services.release_create(
        actor=None,
        product=shelf.product,
        version="2.0",
        released_at=licence.updates_until + timedelta(days=1),
    )
    source = storage.root().parent / "late.exe"
    source.write_bytes(b"late")
    file = services.release_file_add(actor=None, release=late, source=source)
    browser = area_client(licence.user)
    # then
    assert "2.0" not in browser.get("/software/").content.decode()
    link = browser.post(f"/software/licences/{licence.pk}/files/{file.pk}/download")
    assert link.status_code == 404
    with pytest.raises(DownloadRefusedError):
        services.download_serve(user=licence.user, licence=licence, file=file)


# IN-11 only: a deactivated account is not a misuse hold, and nothing here asks for
# reinstatement; IN-23 is proved with real holds in tests/test_misuse.py and test_promotions.py.
@pytest.mark.promise("IN-11")
@pytest.mark.django_db
def test_a_deactivated_account_cannot_download(licence, shelf):
    # given: a link made while the account was active, then the account is deactivated
    browser = area_client(licence.user)
    link = _link(browser, licence, shelf.new_file)
    identity.account_deactivate(actor=None, user=licence.user)
    licence.user.refresh_from_db()
    # then: the function misuse detection extends says no, and nothing is served or counted
    assert download_allowed(licence.user) is False
    with pytest.raises(DownloadRefusedError, match="on hold"):
        services.download_serve(user=licence.user, licence=licence, file=shelf.new_file)
    response = browser.get(link)
    assert response.status_code == 302
    assert response["Location"].startswith("/software/login/")
    assert _used(licence, shelf.new_file) == 0
    assert not Download.objects.exists()


@pytest.mark.django_db
def test_a_missing_file_is_reported_and_counts_nothing(licence, shelf, caplog):
    # given: the operator lost the file
    (storage.root() / shelf.new_file.storage_path).unlink()
    browser = area_client(licence.user)
    # when
    response = browser.get(_link(browser, licence, shelf.new_file))
    # then
    assert response.status_code == 503
    assert _used(licence, shelf.new_file) == 0
    assert "missing" in caplog.text


@pytest.mark.promise("IN-11")
@pytest.mark.django_db
def test_behind_the_front_server_the_file_goes_by_internal_redirect(licence, shelf, settings):
    # given: production's nginx serves /protected-downloads/ from the downloads root
    settings.FRONTDESK_DOWNLOADS_ACCEL_PREFIX = "/protected-downloads/"
    browser = area_client(licence.user)
    # when
    response = browser.get(_link(browser, licence, shelf.new_file))
    # then: no body from Python, the server is told which file, and it counted
    assert response.status_code == 200
    assert response.content == b""
    assert response["X-Accel-Redirect"] == f"/protected-downloads/{shelf.new_file.storage_path}"
    assert response["Content-Disposition"].startswith("attachment")
    assert _used(licence, shelf.new_file) == 1


@pytest.mark.django_db
def test_storage_refuses_paths_outside_its_root(shelf):
    # then
    from frontdesk.licensing.errors import FileUnavailableError

    with pytest.raises(FileUnavailableError):
        storage.absolute("../../etc/passwd")


@pytest.mark.promise("IN-12")
@pytest.mark.django_db
def test_downloads_outside_a_request_record_the_bound_address(licence, shelf):
    # when
    with context.bound(context.RequestContext(ip="192.0.2.77")):
        services.download_serve(user=licence.user, licence=licence, file=shelf.old_file)
    # then
    assert Download.objects.get().ip == "192.0.2.77"
