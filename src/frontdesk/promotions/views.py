"""Pages of the promotions area (IN-24): the public registration form under /promotions/, the
signed-in owner's reinstatement request under /software/reinstatement/ (IN-23), and the staff
pages under /staff/promotions/ (the security-policy gate applies): offers, their
registrations (each read audited) and terminating a promotional account. Staff fetch through
the access helper: outsiders get 404, members without `promotions.manage` 403."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from frontdesk.access import capabilities as caps
from frontdesk.access.selectors import get_for_user
from frontdesk.identity.models import User
from frontdesk.licensing.holds import download_allowed
from frontdesk.promotions import reinstatement, selectors, services
from frontdesk.promotions.errors import PromotionError
from frontdesk.promotions.forms import OfferForm, RegistrationForm, ReinstatementForm, TerminateForm
from frontdesk.promotions.models import Offer, Registration
from frontdesk.web.decorators import staff_page

MANAGE = caps.PROMOTIONS_MANAGE


@never_cache
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest, code: str = "") -> HttpResponse:
    """The public form: contact details and the promotion code (pre-filled from the link)."""
    offer = selectors.offer_by_code(code) if code else None
    if code and offer is None:
        raise Http404
    form = RegistrationForm(request.POST or None, initial={"code": code})
    if request.method == "POST" and form.is_valid():
        try:
            services.registration_create(
                code=form.cleaned_data["code"],
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
            )
        except PromotionError as error:
            form.add_error("code", str(error))
        else:
            return render(request, "promotions/sent.html", {"offer": offer})
    status = 400 if request.method == "POST" else 200
    return render(
        request, "promotions/register.html", {"form": form, "offer": offer}, status=status
    )


def _person(request: HttpRequest) -> User:
    """The signed-in person (behind `login_required` or `staff_page`), typed for the services."""
    if not isinstance(request.user, User):
        raise Http404
    return request.user


@never_cache
@login_required(login_url="licensing:login")
@require_http_methods(["GET", "POST"])
def reinstatement_view(request: HttpRequest) -> HttpResponse:
    """The held account's owner asks to be reinstated (a privacy-centre request, IN-23)."""
    user = _person(request)
    form = ReinstatementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        reinstatement.reinstatement_ask(actor=user, details=form.cleaned_data["details"])
        messages.success(request, "Thank you: we will look at your account and write to you.")
        return redirect("promotions:reinstatement")
    context = {
        "form": form,
        "held": not download_allowed(user),
        "asked": reinstatement.reinstatement_open(user),
    }
    return render(request, "promotions/reinstatement.html", context)


@staff_page
@require_http_methods(["GET", "POST"])
def staff_index(request: HttpRequest) -> HttpResponse:
    """The offers of the organisations the member manages promotions for; a new offer."""
    user = _person(request)
    organisations = selectors.organisations_managed(user=user)
    if not organisations:
        raise PermissionDenied
    form = OfferForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        product = data.pop("product")
        try:
            services.offer_create(
                actor=user, organisation=product.organisation, product=product, **data
            )
        except ValueError as error:
            form.add_error(None, str(error))
        else:
            return redirect("promotions:staff_index")
    context = {"offers": selectors.offers_for_staff(user=user), "form": form}
    return render(request, "promotions/staff/index.html", context)


@staff_page
def staff_offer(request: HttpRequest, offer_id: int) -> HttpResponse:
    """An offer and its registrations (contact details: the read is audited)."""
    user = _person(request)
    offer = get_for_user(Offer.objects.all(), user=user, capability=MANAGE, pk=offer_id)
    registrations = list(selectors.registrations_of(offer))
    services.registrations_list(actor=user, offer=offer, registrations=registrations)
    context = {"offer": offer, "registrations": registrations, "form": TerminateForm()}
    return render(request, "promotions/staff/offer.html", context)


@staff_page
@require_POST
def staff_terminate(request: HttpRequest, registration_id: int) -> HttpResponse:
    user = _person(request)
    registration = get_for_user(
        Registration.objects.select_related("offer"),
        user=user,
        capability=MANAGE,
        pk=registration_id,
    )
    form = TerminateForm(request.POST)
    if form.is_valid():
        services.registration_terminate(
            actor=user, registration=registration, reason=form.cleaned_data["reason"]
        )
        messages.success(request, "The promotional account is terminated and on hold.")
    else:
        messages.error(request, "Say why the account is terminated.")
    return redirect("promotions:staff_offer", offer_id=registration.offer_id)
