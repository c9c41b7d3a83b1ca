"""Offer pages: browse (filters, map, distance, eligibility), detail, and a company's drafts."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sen.catalogue import offers_photos as photos
from sen.catalogue import offers_selectors as selectors
from sen.catalogue import offers_services as services
from sen.catalogue.models import Offer, OfferStatus
from sen.catalogue.offers_forms import OfferFilterForm, OfferForm, OfferPhotoForm, offer_initial
from sen.catalogue.selectors import current_school_year
from sen.core.http import SenRequest
from sen.core.policy import authorize, can, requires

SCHEDULE_KEYS = ("schedule", "min_age")


@require_GET
@requires("catalogue.browse_offers")
def offers(request: SenRequest) -> HttpResponse:
    actor = request.actor
    options = selectors.filter_options(actor)
    origin = selectors.origin_for(actor)
    form = OfferFilterForm(request.GET or None, options=options, with_distance=origin is not None)
    data = form.cleaned_data if form.is_valid() else {}
    filters = selectors.OfferFilters(
        profiel=data.get("profiel") or "",
        keuzevak=data.get("keuzevak"),
        weekday=data.get("weekday"),
        company=data.get("company"),
        max_km=data.get("max_km"),
    )
    browse = selectors.browse_offers(actor, filters, origin=origin, page=request.GET.get("page", 1))
    context = {
        "form": form,
        "browse": browse,
        "page": browse.page,
        "can_create": can(actor, "catalogue.manage_offers"),
        "map_description": _(
            "%(n)s offer locations (circles) and your school (square). A list follows the map."
        )
        % {"n": browse.map.company_count},
        "map_region": {"name": _("the offers")},
    }
    template = "catalogue/offers/list.html"
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "results":
        template = f"{template}#results"
    return render(request, template, context)


def _detail_context(
    request: SenRequest, offer: Offer, photo_form: OfferPhotoForm | None = None
) -> dict[str, Any]:
    actor = request.actor
    own = can(actor, "catalogue.change_offer", offer)
    student = selectors.own_student(actor)
    offer_photos = photos.offer_photos(offer)
    return {
        "offer": offer,
        "photos": offer_photos,
        "photo_form": (photo_form or OfferPhotoForm())
        if own and len(offer_photos) < photos.MAX_PHOTOS
        else None,
        "max_photos": photos.MAX_PHOTOS,
        "days": selectors.schedule_rows(offer),
        "hazards": selectors.hazard_labels(offer),
        "quotas": selectors.offer_quotas(offer),
        "profiles": list(offer.profiles.all()),
        "can_change": own,
        "shows_supervisor": actor.company_id is not None and actor.company_id == offer.company_id,
        "worktime": selectors.worktime_of(offer)
        if own and offer.status == OfferStatus.DRAFT
        else None,
        "reasons": selectors.eligibility_reasons(offer, student) if student else None,
        "transitions": {
            "publish": offer.status == OfferStatus.DRAFT,
            "withdraw": offer.status in (OfferStatus.DRAFT, OfferStatus.PUBLISHED),
            "reopen": offer.status == OfferStatus.WITHDRAWN,
        },
    }


@require_GET
@requires("catalogue.browse_offers")
def offer_detail(request: SenRequest, pk: int) -> HttpResponse:
    offer = selectors.get_offer(request.actor, pk)
    return render(request, "catalogue/offers/detail.html", _detail_context(request, offer))


def _form(request: SenRequest, initial: dict[str, Any] | None = None) -> OfferForm:
    actor = request.actor
    return OfferForm(
        request.POST or None,
        initial=initial,
        locations=selectors.company_locations(actor),
        supervisors=selectors.company_supervisors(actor),
        schools=selectors.quota_schools(actor),
    )


def _errors_to_form(form: OfferForm, error: ValidationError) -> list[str]:
    """Field errors beside their fields; schedule and quota errors returned for their section."""
    section: list[str] = []
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return section
    for name, errors in error.error_dict.items():
        texts = [m for e in errors for m in e.messages]
        if name in ("schedule", "quotas"):
            section += texts
        else:
            form.add_error(name if name in form.fields else None, texts)
    return section


def _save(request: SenRequest, form: OfferForm, offer: Offer | None) -> HttpResponse:
    section: list[str] = []
    if request.method == "POST" and form.is_valid():
        data = services.OfferData(**form.offer_fields())
        try:
            if offer is None:
                saved = services.create_offer(actor=request.actor, data=data)
            else:
                saved = services.update_offer(actor=request.actor, offer=offer, data=data)
        except ValidationError as error:
            section = _errors_to_form(form, error)
        else:
            messages.success(request, _("The offer has been saved as a draft."))
            return redirect("catalogue:offer_detail", pk=saved.pk)
    context = {"form": form, "offer": offer, "section_errors": section}
    return render(request, "catalogue/offers/form.html", context)


@require_http_methods(["GET", "POST"])
@requires("catalogue.manage_offers")
def offer_create(request: SenRequest) -> HttpResponse:
    initial = {"school_year": current_school_year(), "min_age": 14}
    return _save(request, _form(request, initial), None)


@require_http_methods(["GET", "POST"])
@requires("catalogue.manage_offers")
def offer_edit(request: SenRequest, pk: int) -> HttpResponse:
    offer = selectors.get_offer(request.actor, pk)
    authorize(request.actor, "catalogue.change_offer", offer)
    if offer.status != OfferStatus.DRAFT:
        messages.warning(
            request,
            _("Only a draft can be changed. Withdraw the offer and put it back to draft first."),
        )
        return redirect("catalogue:offer_detail", pk=offer.pk)
    return _save(request, _form(request, offer_initial(offer)), offer)


def _change_status(request: SenRequest, pk: int, action: str) -> HttpResponse:
    offer = selectors.get_offer(request.actor, pk)
    authorize(request.actor, "catalogue.change_offer", offer)
    try:
        if action == "publish":
            services.publish_offer(actor=request.actor, offer=offer)
            messages.success(request, _("The offer is published: students can find it now."))
        elif action == "withdraw":
            services.withdraw_offer(actor=request.actor, offer=offer)
            messages.success(request, _("The offer is withdrawn."))
        else:
            services.reopen_offer(actor=request.actor, offer=offer)
            messages.success(request, _("The offer is a draft again: you can change it."))
    except ValidationError as error:
        context = _detail_context(request, offer)
        context["publish_errors"] = error.messages
        return render(request, "catalogue/offers/detail.html", context)
    return redirect("catalogue:offer_detail", pk=offer.pk)


@require_POST
@requires("catalogue.manage_offers")
def offer_publish(request: SenRequest, pk: int) -> HttpResponse:
    return _change_status(request, pk, "publish")


@require_POST
@requires("catalogue.manage_offers")
def offer_withdraw(request: SenRequest, pk: int) -> HttpResponse:
    return _change_status(request, pk, "withdraw")


@require_POST
@requires("catalogue.manage_offers")
def offer_reopen(request: SenRequest, pk: int) -> HttpResponse:
    return _change_status(request, pk, "reopen")


@require_GET
@requires("catalogue.browse_offers")
def company_offers(request: SenRequest, pk: int) -> HttpResponse:
    """The published offers of a company, as a section of its page (loaded by htmx)."""
    context = {"offers": selectors.company_offers(request.actor, pk), "company_id": pk}
    return render(request, "catalogue/offers/_company_offers_list.html", context)


# --- Photos ---------------------------------------------------------------------------------


@require_POST
@requires("catalogue.manage_offers")
def offer_photo_add(request: SenRequest, pk: int) -> HttpResponse:
    offer = selectors.get_offer(request.actor, pk)
    authorize(request.actor, "catalogue.change_offer", offer)
    form = OfferPhotoForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["image"]
        try:
            photos.add_photo(
                actor=request.actor,
                offer=offer,
                upload=upload,
                filename=upload.name or "",
                alt_text=form.cleaned_data["alt_text"],
            )
        except ValidationError as error:
            for name, errors in error.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            messages.success(request, _("The photo has been added."))
            return redirect("catalogue:offer_detail", pk=offer.pk)
    context = _detail_context(request, offer, form)
    return render(request, "catalogue/offers/detail.html", context)


@require_POST
@requires("catalogue.manage_offers")
def offer_photo_remove(request: SenRequest, pk: int, photo_pk: int) -> HttpResponse:
    offer = selectors.get_offer(request.actor, pk)
    authorize(request.actor, "catalogue.change_offer", offer)
    photo = photos.get_photo(request.actor, offer, photo_pk)
    photos.remove_photo(actor=request.actor, photo=photo)
    messages.success(request, _("The photo has been removed."))
    return redirect("catalogue:offer_detail", pk=offer.pk)


@require_POST
@requires("catalogue.manage_offers")
def offer_photo_move(request: SenRequest, pk: int, photo_pk: int) -> HttpResponse:
    offer = selectors.get_offer(request.actor, pk)
    authorize(request.actor, "catalogue.change_offer", offer)
    photo = photos.get_photo(request.actor, offer, photo_pk)
    photos.move_photo(actor=request.actor, photo=photo, up=request.POST.get("direction") != "down")
    return redirect("catalogue:offer_detail", pk=offer.pk)


def _serve(request: SenRequest, pk: int, photo_pk: int, *, thumbnail: bool) -> HttpResponse:
    offer = selectors.get_offer(request.actor, pk)
    photo = photos.get_photo(request.actor, offer, photo_pk)
    stored = photo.thumbnail if thumbnail else photo.image
    try:
        with stored.open("rb") as handle:
            content = handle.read()
    except FileNotFoundError as exc:
        raise Http404 from exc
    ext = "png" if photo.format == "png" else "jpg"
    small = "-small" if thumbnail else ""
    # At most 1600 px, re-encoded: small enough to send from memory.
    response = HttpResponse(content, content_type=photo.content_type)
    response["Content-Disposition"] = (
        f'inline; filename="offer-{offer.pk}-photo-{photo.pk}{small}.{ext}"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response


@require_GET
@requires("catalogue.browse_offers")
def offer_photo(request: SenRequest, pk: int, photo_pk: int) -> HttpResponse:
    """The full photo, for whoever sees the offer."""
    return _serve(request, pk, photo_pk, thumbnail=False)


@require_GET
@requires("catalogue.browse_offers")
def offer_photo_thumbnail(request: SenRequest, pk: int, photo_pk: int) -> HttpResponse:
    """The photo at most 480 px wide or high, for lists and the offer page."""
    return _serve(request, pk, photo_pk, thumbnail=True)
