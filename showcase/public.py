"""The public showcase of a knowledge fair: its approved booths and their pages, visitors' bookmarks; the
organisers' booth analytics; the fair guide.

Only booths an organiser approved are shown, with their approved pitch. A booth's own people and the
fair's organisers may open its page before then, marked as not public yet, to see how it will look.
"""

from flask import Response, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from core.http import private_pdf
from core.multilingual import translated
from core.permissions import login_required
from core.views import safe_next
from core.vocabularies import country_name
from core.regions import UNESCO_REGIONS
from events import services as events
from events.vocabulary import CONVENTION_GOALS, SDGS
from showcase import analytics, bookmarks, catalogue, fairs, floor_plan, guide, materials, meetings
from showcase.permissions import PREVIEW, PUBLIC, fair_organiser, fair_page
from showcase.views import bp
from showcase.vocabulary import CULTURAL_DOMAINS, ORGANISATION_KINDS




def public_url(booth) -> str | None:
    """The booth's page on the showcase, if the public may open it."""
    return url_for("showcase.show_booth", slug=booth.event.slug, booth_id=booth.id) if booth.is_public else None


@bp.app_template_global()
def draw_floor_plan(zones, booths):
    """For templates/showcase/_floor_plan.html when a page passes `zones` and `booths` rather than a `plan`:
    public booths linked to their public page, the others shown as taken places."""
    return floor_plan.layout(zones, booths, public_url)


@bp.get("/events/<slug>/showcase")
@fair_page()
def browse_booths(event):
    booths = fairs.public_booths(event)
    form, filters = catalogue.filters_from(request.args, booths)
    shown = catalogue.filtered(booths, filters)
    plan = floor_plan.layout(fairs.zones_of(event), booths, public_url)
    return render_template(
        "showcase/showcase.html", event=event, form=form, booths=booths, shown=shown, plan=plan,
        matching={booth.id for booth in shown} if not filters.is_empty() else set(),
        images=catalogue.first_images([booth.id for booth in shown]), is_filtered=not filters.is_empty(),
        can_manage=g.can_manage_event), 400 if form.errors else 200


@bp.get("/events/<slug>/showcase/<int:booth_id>")
@fair_page(booth=PREVIEW)
def show_booth(event, booth):
    preview = not booth.is_public
    context = {} if preview else meetings.public_page_context(booth, current_user)
    page = render_template(
        "showcase/public_booth.html", event=event, booth=booth, organisation=booth.organisation,
        project=booth.project, preview=preview, pitch=translated(booth, "pitch" if preview else "approved_pitch"),
        items=materials.public_items(booth), is_bookmarked=bookmarks.is_bookmarked(booth, current_user),
        usd=catalogue.usd, period=catalogue.period, kinds=ORGANISATION_KINDS, regions=UNESCO_REGIONS,
        domains=CULTURAL_DOMAINS, goals=CONVENTION_GOALS, sdgs=SDGS, country_name=country_name, **context)
    if not preview:
        analytics.count_view(booth, current_user)  # after rendering: its commit would expire what the page reads
    return page


@bp.post("/events/<slug>/showcase/<int:booth_id>/bookmark")
@fair_page(login=True, booth=PUBLIC)
def toggle_bookmark(event, booth):
    name = booth.organisation.name
    if bookmarks.toggle(booth, current_user):
        flash(_("%(booth)s is in your bookmarks.", booth=name), "success")
    else:
        flash(_("%(booth)s is no longer in your bookmarks.", booth=name), "success")
    return redirect(safe_next(request.form.get("next"),
                              url_for("showcase.show_booth", slug=event.slug, booth_id=booth.id)))


@bp.get("/showcase/bookmarks")
@login_required
def list_bookmarks():
    by_fair = {}
    for booth in bookmarks.bookmarked_booths(current_user):
        by_fair.setdefault(booth.event, []).append(booth)
    return render_template("showcase/bookmarks.html", by_fair=by_fair)


@bp.get("/events/<slug>/fair/analytics")
@fair_organiser
def show_analytics(event):
    booths = [booth for booth in fairs.booths_of(event) if booth.organisation is not None]
    numbers = analytics.numbers([booth.id for booth in booths])
    sort = request.args.get("sort", "booth")
    sort = sort if sort in analytics.SORTS else "booth"
    return render_template("showcase/analytics.html", event=event, numbers=numbers, sort=sort,
                           booths=analytics.sorted_booths(booths, numbers, sort), total=analytics.total(numbers))


@bp.get("/events/<slug>/fair/guide.pdf")
@fair_organiser
def print_guide(event):
    data, unused_version = guide.cached_guide(event)
    return private_pdf(data, f"{event.slug}-fair-guide.pdf")


@bp.get("/events/<slug>/showcase/guide.pdf")
@fair_page()
def download_guide(event):
    """The guide as visitors print it: the same approved content as the showcase, so public like it."""
    data, version = guide.cached_guide(event)
    response = Response(data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{event.slug}-fair-guide.pdf"'
    # Shared caches may keep a public fair's guide; an organiser's look at a draft stays private.
    response.cache_control.public = events.is_visible_to_public(event)
    response.cache_control.private = not response.cache_control.public
    response.cache_control.max_age = 300
    response.set_etag(version)
    return response.make_conditional(request)
