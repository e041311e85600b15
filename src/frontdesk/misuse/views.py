"""Staff pages of misuse detection under /staff/misuse/ (the security-policy gate applies):
the cases of the organisations a member reviews, one case with its evidence, holding the
account, lifting a hold, closing the case. Every read is audited. Outsiders get 404, members
without `misuse.review` 403."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from frontdesk.access import capabilities as caps
from frontdesk.access.selectors import get_for_user
from frontdesk.identity.models import User
from frontdesk.misuse import selectors, services
from frontdesk.misuse.models import Case
from frontdesk.web.decorators import staff_page

LIST_SIZE = 100


class CloseForm(forms.Form):
    note = forms.CharField(
        max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


def _member(request: HttpRequest) -> User:
    """The signed-in member (behind `staff_page`), typed for the services."""
    if not isinstance(request.user, User):
        raise Http404
    return request.user


def _case(request: HttpRequest, case_id: int) -> Case:
    return get_for_user(
        Case.objects.all(), user=_member(request), capability=caps.MISUSE_REVIEW, pk=case_id
    )


@staff_page
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    user = _member(request)
    organisations = selectors.organisations_reviewed(user=user)
    if not organisations:
        raise PermissionDenied
    state = request.GET.get("state", Case.State.OPEN)
    state = state if state in Case.State.values else ""
    cases = list(selectors.cases_for_staff(user=user, state=state)[:LIST_SIZE])
    services.cases_list(actor=user, organisation_ids=organisations, cases=cases)
    context = {"cases": cases, "state": state, "states": Case.State.choices}
    return render(request, "misuse/index.html", context)


@staff_page
@require_GET
def case_view(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    services.case_view(actor=_member(request), case=case)
    evidence = [
        (key.replace("_", " "), ", ".join(map(str, value)) if isinstance(value, list) else value)
        for key, value in case.evidence.items()
    ]
    context = {"case": case, "evidence": evidence, "form": CloseForm()}
    return render(request, "misuse/case.html", context)


@staff_page
@require_POST
def hold(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    try:
        services.hold_place(actor=_member(request), case=case)
    except ValueError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "The account is on hold; its owner has been told.")
    return redirect("misuse:case", case_id=case.pk)


@staff_page
@require_POST
def lift(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    services.hold_lift(actor=_member(request), case=case)
    messages.success(request, "The hold is lifted; its owner has been told.")
    return redirect("misuse:case", case_id=case.pk)


@staff_page
@require_POST
def close(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    form = CloseForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    services.case_close(actor=_member(request), case=case, note=note)
    messages.success(request, "The case is closed.")
    return redirect("misuse:case", case_id=case.pk)
