"""Setting up what is sold (QL-9): `frontdesk licensing add-file` copies a release file into
the downloads storage with its size and SHA-256; partners get a secret shown once and kept
sealed; the demo loads Infacta once."""

from __future__ import annotations

import hashlib
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from frontdesk.access import services as access
from frontdesk.licensing import storage
from frontdesk.licensing.demo import CUSTOMER, seed_software
from frontdesk.licensing.models import Download, Licence, Partner, Product, Release, ReleaseFile


def _run(*args: str) -> str:
    out = StringIO()
    call_command("licensing", *args, stdout=out)
    return out.getvalue()


@pytest.mark.promise("QL-9")
@pytest.mark.django_db
def test_add_file_stores_the_file_with_its_size_and_sha256(tmp_path, downloads_root):
    # given
    access.organisation_create(name="Infacta", slug="infacta")
    _run("add-product", "infacta", "GM-PRO", "Group Mail Pro", "--downloads", "3")
    source = tmp_path / "setup.exe"
    source.write_bytes(b"MZ" + b"\x00" * 5000)
    # when
    out = _run("add-file", "GM-PRO", "5.1", str(source), "--released-at", "2026-11-01T09:00")
    # then
    file = ReleaseFile.objects.get()
    assert file.size == 5002
    assert file.sha256 == hashlib.sha256(source.read_bytes()).hexdigest()
    assert f"SHA-256: {file.sha256}" in out
    assert storage.absolute(file.storage_path).read_bytes() == source.read_bytes()
    assert storage.absolute(file.storage_path).is_relative_to(downloads_root.resolve())
    release = Release.objects.get()
    assert (release.version, release.released_at.day) == ("5.1", 1)
    assert Product.objects.get().downloads_per_release == 3
    # and the same name twice is refused, leaving the stored copy as it was
    with pytest.raises(CommandError, match="already has a file"):
        _run("add-file", "GM-PRO", "5.1", str(source))
    assert ReleaseFile.objects.count() == 1


@pytest.mark.django_db
def test_add_file_refuses_an_unknown_product_or_a_missing_file(tmp_path, downloads_root):
    # given
    source = tmp_path / "x.zip"
    source.write_bytes(b"x")
    # then
    with pytest.raises(CommandError, match="No product"):
        _run("add-file", "NOPE", "1.0", str(source))
    with pytest.raises(CommandError, match="No file"):
        _run("add-file", "NOPE", "1.0", str(tmp_path / "missing.zip"))


@pytest.mark.promise("IN-3")
@pytest.mark.django_db
def test_a_partner_secret_is_shown_once_and_kept_sealed():
    # given
    access.organisation_create(name="Infacta", slug="infacta")
    # when
    out = _run("add-partner", "infacta", "plimus", "Plimus")
    # then
    secret = out.split("hand it to the partner): ", 1)[1].strip()
    assert Partner.objects.get().secret == secret
    with connection.cursor() as cursor:
        cursor.execute("SELECT secret FROM licensing_partner")
        [(stored,)] = cursor.fetchall()
    assert stored.startswith("fd1:")
    assert secret not in stored


@pytest.mark.django_db
def test_the_demo_loads_infacta_once(downloads_root, django_capture_on_commit_callbacks):
    # when
    with django_capture_on_commit_callbacks(execute=True):
        first = seed_software(password="demo password 2026")
    second = seed_software(password="demo password 2026")
    # then
    assert [login.email for login in first] == [login.email for login in second]
    assert first[0].email == CUSTOMER
    assert Product.objects.count() == 2
    assert Release.objects.count() == 3
    licence = Licence.objects.get()
    assert Download.objects.filter(licence=licence).count() == 2
    for file in ReleaseFile.objects.all():
        assert storage.absolute(file.storage_path).stat().st_size == file.size
    assert first[1].password == Partner.objects.get().secret
