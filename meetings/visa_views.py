"""Visa-support letters' pages, on the meetings blueprint (meetings.views.bp): the participant's request and
letter, the visa officers' list of requests and decisions, the organisers' letter settings and officers, the
public verification page, and the `erase-visa-data` and `rotate-keys` commands."""
import time
from functools import wraps

import click
from flask import abort, after_this_request, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _, ngettext
from flask_login import current_user

from core.extensions import limiter, login_manager
from core.http import private_pdf
from core.language_fields import language_data, missing_notes
from core.permissions import login_required
from core.signals import registration_links
from events import services as event_services
from events.permissions import ORGANISER, VIEWER, event_role, part_of, refusal
from meetings.settings import settings_of
from meetings import passport_data, visas
from meetings.models import VISA_STATUSES, VisaOfficer
from meetings.views import bp
from meetings.visa_forms import DecisionForm, OfficerForm, RefusalForm, VisaRequestForm, letter_settings_form
from meetings.visa_letters import letter_pdf
from registration.models import STATUSES as REGISTRATION_STATUSES


@bp.record_once
def _answer_lower_pages(state):
    # "My registrations" (registration) links to the letter's page without knowing of meetings.
    registration_links.connect_via(state.app, weak=False)(visas.registration_links)


@bp.app_context_processor
def visa_vocabulary():
    return {"visa_statuses": VISA_STATUSES, "visa_read_purposes": visas.READ_PURPOSES,
            "visa_withdrawn_because": visas.withdrawn_because}


def visa_officer(view):
    """Load the event named by `slug` for one of its visa officers. Organisers who are not one are told who
    is (403); anyone else gets what events.permissions answers them."""

    @wraps(view)
    def wrapped(slug, **kwargs):
        event = event_services.find_event(slug)
        if event is None:
            abort(404)
        organiser = event_services.is_organiser(event, current_user)
        answer = refusal(event, visas.is_officer(event, current_user))
        if answer == 401:
            return login_manager.unauthorized()
        if answer and organiser:
            g.can_manage_event = True
            return render_template("meetings/manage/visa_officers_only.html", event=event,
                                   officers=visas.officers_of(event)), 403
        if answer:
            abort(answer)
        g.can_manage_event = organiser
        return view(event=event, **kwargs)

    wrapped.required_roles = ("event:visa_officer",)
    return wrapped


def _kept_by_no_cache() -> None:
    """The page shows passport data: no browser or proxy keeps it once the person has left it."""

    @after_this_request
    def not_stored(response):
        response.headers["Cache-Control"] = "private, no-store"
        return response


# The participant ----------------------------------------------------------------------------------------

@bp.route("/events/<slug>/visa-letter", methods=["GET", "POST"])
@login_required
@event_role(VIEWER)
def request_visa(event):
    registration = visas.standing_registration(event, current_user)
    try:
        visas.check_can_ask(event, registration)
    except visas.VisaProblem as problem:
        if problem.request is not None:
            if request.method == "POST":
                flash(problem.message, "info")
            return render_template("meetings/visa_request.html", event=event, visa=problem.request)
        status = 404 if problem.message is visas.NOT_OFFERED else 409 if problem.message is visas.EVENT_OVER else 403
        return render_template("meetings/visa_unavailable.html", event=event, message=problem.message,
                               registered=registration is not None), status
    refused = visas.request_of(registration)  # asked again after a refusal, with the details to correct
    _kept_by_no_cache()  # the form sent back shows what was typed
    first, last = visas.local_days(event)
    form = VisaRequestForm(event=event, data=visas.form_data(refused) if refused else {
        "arrival": first, "departure": last, "passport_name": registration.full_name})
    if form.validate_on_submit():
        try:
            visas.ask(event, registration, form.values())
        except visas.VisaProblem as problem:  # asked in another tab meanwhile, say
            flash(problem.message, "info")
            return redirect(url_for("meetings.request_visa", slug=event.slug))
        flash(_("Your request is sent. The organisers' visa officers will answer by e-mail."), "success")
        return redirect(url_for("meetings.request_visa", slug=event.slug))
    return render_template("meetings/visa_request.html", event=event, form=form, visa=refused,
                           kept_days=visas.kept_days(settings_of(event))), 400 if form.errors else 200


@bp.get("/events/<slug>/visa-letter.pdf")
@login_required
@event_role(VIEWER)
def own_visa_letter(event):
    registration = visas.standing_registration(event, current_user)
    visa = visas.request_of(registration) if registration is not None else None
    if visa is None:
        abort(404)
    if visa.erased_at is not None:
        flash(_("Your passport details were erased after the event: the letter can no longer be printed."), "info")
        return redirect(url_for("meetings.request_visa", slug=event.slug))
    if visa.status != visas.APPROVED:
        flash(_("Your letter can be downloaded once the organisers approve your request."), "info")
        return redirect(url_for("meetings.request_visa", slug=event.slug))
    visas.record_read(visa, current_user, "letter")
    return private_pdf(letter_pdf(visa), f"visa-letter-{event.slug}.pdf")


# The visa officers --------------------------------------------------------------------------------------

@bp.get("/events/<slug>/manage/visa-letters")
@visa_officer
def visa_requests(event):
    status = request.args.get("status") if request.args.get("status") in VISA_STATUSES else None
    return render_template("meetings/manage/visa_requests.html", event=event, requests=visas.requests_of(event, status),
                           status=status, counts=visas.status_counts(event), form=DecisionForm())


@bp.post("/events/<slug>/manage/visa-letters/approve")
@visa_officer
def approve_visa_requests(event):
    form = DecisionForm()
    if not form.validate_on_submit():
        abort(400)
    ids = [value for value in request.form.getlist("request_ids") if value.isascii() and value.isdigit()]
    if not ids:
        flash(_("Tick the requests to approve first."), "error")
        return redirect(url_for("meetings.visa_requests", slug=event.slug))
    held = visas.unconfirmed(event, ids)
    approved = visas.approve(event, ids, by=current_user)
    if approved:
        flash(ngettext("%(num)d request approved: its letter can be downloaded, and the participant is told.",
                       "%(num)d requests approved: their letters can be downloaded, and the participants are told.",
                       len(approved)), "success")
    if held:
        names = ", ".join(f"{visa.registration.full_name} ({REGISTRATION_STATUSES[visa.registration.status]})"
                          for visa in held)
        flash(ngettext("Not approved: %(names)s. A letter is approved only for a confirmed participant: confirm "
                       "the registration first.",
                       "Not approved: %(names)s. A letter is approved only for a confirmed participant: confirm "
                       "the registrations first.", len(held), names=names), "error")
    if not approved and not held:
        flash(_("Nothing was approved: the requests ticked were already decided."), "info")
    if len(ids) == 1 and not approved and held:  # approved from its own page: back to it
        return redirect(url_for("meetings.visa_request", slug=event.slug, request_id=held[0].id))
    return redirect(url_for("meetings.visa_requests", slug=event.slug))


def _request_or_404(event, request_id):
    visa = visas.request_in(event, request_id)
    if visa is None:
        abort(404)
    return visa


@bp.get("/events/<slug>/manage/visa-letters/<int:request_id>")
@visa_officer
def visa_request(event, request_id):
    visa = _request_or_404(event, request_id)
    return _request_page(event, visa, RefusalForm())


def _request_page(event, visa, form, status=200):
    if visa.erased_at is None:
        visas.record_read(visa, current_user, "page")
        _kept_by_no_cache()
    return render_template("meetings/manage/visa_request.html", event=event, visa=visa, form=form,
                           decision=DecisionForm(), reads=visas.reads_of(visa),
                           # A letter withdrawn then asked again keeps its old number until approved anew.
                           reference=visas.reference(visa) if visa.number and visa.status != visas.REQUESTED
                           else None), status


@bp.post("/events/<slug>/manage/visa-letters/<int:request_id>/refuse")
@visa_officer
def refuse_visa_request(event, request_id):
    visa = _request_or_404(event, request_id)
    form = RefusalForm()
    if visa.status == visas.REFUSED:
        flash(_("This request is already refused."), "info")
        return redirect(url_for("meetings.visa_request", slug=event.slug, request_id=visa.id))
    if not form.validate_on_submit():
        return _request_page(event, visa, form, 400)
    visas.refuse(event, visa, current_user, form.reason.data)
    flash(_("The request is refused; the participant is told why by e-mail."), "success")
    return redirect(url_for("meetings.visa_requests", slug=event.slug))


@bp.get("/events/<slug>/manage/visa-letters/<int:request_id>/letter.pdf")
@visa_officer
def print_visa_letter(event, request_id):
    visa = _request_or_404(event, request_id)
    if visas.withdrawn_with_registration(visa):
        flash(_("This letter is withdrawn and cannot be printed: the registration of %(name)s was cancelled or "
                "rejected, and the letter's verification page no longer calls it genuine.",
                name=visa.registration.full_name), "error")
        return redirect(url_for("meetings.visa_request", slug=event.slug, request_id=visa.id))
    if visa.status != visas.APPROVED or visa.erased_at is not None:
        flash(_("Only an approved request whose data is kept has a letter."), "error")
        return redirect(url_for("meetings.visa_request", slug=event.slug, request_id=visa.id))
    visas.record_read(visa, current_user, "letter")
    return private_pdf(letter_pdf(visa), f"visa-letter-{visas.reference(visa).replace('/', '-')}.pdf")


# The organisers: settings and officers ------------------------------------------------------------------

@bp.route("/events/<slug>/manage/visa-letters/settings", methods=["GET", "POST"])
@event_role(ORGANISER)
def manage_visa_settings(event):
    form = letter_settings_form(event, data=_settings_data(settings_of(event)))
    if form.validate_on_submit():
        settings = visas.save_settings(event, form.values(), form.translations(), letterhead=form.checked_letterhead,
                                       remove_letterhead=bool(form.remove_letterhead.data))
        flash(_("The letter settings are saved."), "success")
        for note in missing_notes(form, settings):
            flash(note, "warning")
        return redirect(url_for("meetings.manage_visa_settings", slug=event.slug))
    return _settings_page(event, form, OfficerForm(), 400 if form.errors else 200)


def _settings_data(settings) -> dict:
    """The stored letter settings as the form's starting values; without any, letters offered."""
    if settings is None:
        return {"offers_visa_letters": True}
    return {**{name: getattr(settings, name) for name in (
        "offers_visa_letters", "signatory_name", "signatory_title", "reference_prefix", "letter_text",
        "visa_data_kept_days")}, **language_data(settings, ("letter_text",))}


def _settings_page(event, form, officer_form, status):
    return render_template("meetings/manage/visa_settings.html", event=event, form=form, officer_form=officer_form,
                           settings=settings_of(event), officers=visas.officers_of(event),
                           officer_changes=visas.officer_changes(event),
                           is_officer=visas.is_officer(event, current_user),
                           kept_days=visas.kept_days(settings_of(event))), status


@bp.post("/events/<slug>/manage/visa-letters/officers")
@event_role(ORGANISER)
def add_visa_officer(event):
    form = OfficerForm()
    if form.validate_on_submit():
        try:
            officer = visas.add_officer(event, form.email.data, by=current_user)
        except visas.VisaProblem as problem:
            form.email.errors.append(problem.message)
        else:
            flash(_("%(name)s now handles the event's visa requests.",
                    name=officer.user.full_name or officer.user.email), "success")
            return redirect(url_for("meetings.manage_visa_settings", slug=event.slug))
    return _settings_page(event, letter_settings_form(event, data=_settings_data(settings_of(event)),
                                                      formdata=None), form, 400)


@bp.post("/events/<slug>/manage/visa-letters/officers/<int:user_id>/remove")
@event_role(ORGANISER)
def remove_visa_officer(event, user_id):
    officer = part_of(event, VisaOfficer, (event.id, user_id))  # another event's officer: 404, nothing done
    if not DecisionForm().validate_on_submit():
        abort(400)
    visas.remove_officer(officer, by=current_user)
    flash(_("This person no longer handles the event's visa requests."), "success")
    return redirect(url_for("meetings.manage_visa_settings", slug=event.slug))


# Anyone: the verification page --------------------------------------------------------------------------

@bp.get("/visa-letters/<code>")
@limiter.limit("60 per minute")
def verify_visa_letter(code):
    """An embassy checks a letter here: only what it needs to compare with the letter it holds."""
    found = visas.verify(code)
    if found is None:
        return render_template("meetings/visa_verify.html", visa=None, code=code[:40]), 404
    state, visa = found
    return render_template("meetings/visa_verify.html", visa=visa, state=state, event=visa.event,
                           code=visas.format_code(visa.code))


# Commands -----------------------------------------------------------------------------------------------

@bp.cli.command("erase-visa-data")
@click.option("--loop", is_flag=True, help="Keep running, checking every --interval seconds.")
@click.option("--interval", default=3600.0, show_default=True)
def erase_visa_data_command(loop, interval):
    """Erase the passport data of visa requests whose event ended more than its kept days ago."""
    while True:
        count = passport_data.erase_expired()
        if count or not loop:
            click.echo(f"{count} visa request(s) erased")
        if not loop:
            return
        time.sleep(interval)


@bp.cli.command("rotate-keys")
def rotate_keys_command():
    """Encrypt every stored passport value again with the newest of PERSONAL_DATA_KEYS."""
    click.echo(f"{passport_data.rotate_keys()} value(s) encrypted with the newest key")
