"""Serving a download link (IN-11, QL-9): the link is checked (signature, age, the person it
was made for), the download is counted and recorded only now, then the file goes out — through
the front web server's internal redirect in production (FRONTDESK_DOWNLOADS_ACCEL_PREFIX), so
no Python worker is held for a large file, or streamed from here otherwise. The SHA-256 rides
along in `Repr-Digest` (RFC 9530), as on the area's page."""

from __future__ import annotations

import base64
import logging
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.utils.safestring import SafeString
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from frontdesk.identity.models import User
from frontdesk.licensing import links, selectors, services
from frontdesk.licensing.errors import (
    AccountHeldError,
    DownloadRefusedError,
    FileUnavailableError,
)
from frontdesk.licensing.holds import held_notice
from frontdesk.licensing.models import ReleaseFile

logger = logging.getLogger(__name__)

EXPIRED = (
    "This download link has expired: links last a few minutes. Go back to your software and "
    "click Download again (nothing was counted)."
)
OCTET_STREAM = "application/octet-stream"


def _refused(request: HttpRequest, message: str | SafeString, status: int) -> HttpResponse:
    return render(request, "licensing/refused.html", {"message": message}, status=status)


def _file_response(served: services.Served, file: ReleaseFile) -> HttpResponseBase:
    prefix = settings.FRONTDESK_DOWNLOADS_ACCEL_PREFIX
    response: HttpResponseBase
    if prefix:
        response = HttpResponse(content_type=OCTET_STREAM)
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(file.storage_path)
    else:
        # FileResponse closes the file once it is sent.
        stream = served.path.open("rb")
        response = FileResponse(stream, content_type=OCTET_STREAM)
        response["Content-Length"] = str(file.size)
    response["Content-Disposition"] = content_disposition_header(True, file.name) or "attachment"
    response["Repr-Digest"] = f"sha-256=:{base64.b64encode(bytes.fromhex(file.sha256)).decode()}:"
    return response


@never_cache
@login_required(login_url="licensing:login")
@require_GET
def download_view(request: HttpRequest, token: str) -> HttpResponseBase:
    user = request.user
    if not isinstance(user, User):
        raise Http404
    try:
        target = links.link_read(token, user_id=user.pk)
    except links.LinkExpiredError:
        return _refused(request, EXPIRED, 410)
    except links.LinkInvalidError as error:
        raise Http404 from error
    licence = selectors.licence_of(user=user, licence_id=target.licence_id)
    file = selectors.release_file_of(licence=licence, file_id=target.file_id) if licence else None
    if licence is None or file is None:
        raise Http404
    try:
        served = services.download_serve(user=user, licence=licence, file=file)
    except AccountHeldError:
        return _refused(request, held_notice(), 403)
    except DownloadRefusedError as error:
        return _refused(request, str(error), 403)
    except FileUnavailableError as error:
        logger.error("Release file %s is missing from the downloads storage.", file.pk)
        return _refused(request, str(error), 503)
    return _file_response(served, file)
