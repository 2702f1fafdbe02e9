"""On-site pages: the badge design and printing, the check-in desk, its staff and devices, and
certificates of attendance (organisers; the desk also for check-in staff)."""
from datetime import date

import click
from flask import abort, flash, jsonify, redirect, render_template, request, send_file, url_for
from flask_babel import force_locale, get_locale, gettext as _, lazy_gettext as _l
from flask_login import current_user

from accounts.services import find_user_by_email
from core import jobs
from core.extensions import db
from core.models import utcnow
from core.http import private_pdf
from core.multilingual import translated
from core.permissions import role_required
from core.urls import external_url
from events.formatting import local_datetime, local_time, long_date
from events.models import IN_PERSON
from events.permissions import ORGANISER, event_role, part_of
from events.services import find_event
from registration import badges, certificates, checkin, desk_access, organising, participation, services
from registration.category_services import categories_of
from registration.models import CONFIRMED, BadgeDesign, CheckIn, CheckinDevice, CheckinStaff, Registration
from registration.onsite_forms import AttendanceForm, BadgeDesignForm, DeviceForm, StaffForm
from registration.permissions import desk_staff
from registration.views import bp

QUEUE_DOWN = _l("The background work queue cannot be reached, so nothing was started. Try again in a few "
                "minutes; if it goes on, tell the site's administrators.")


# --- Badges --------------------------------------------------------------------------------------------

def _design_form_data(design: BadgeDesign) -> dict:
    data = {name: getattr(design, name) for name in ("layout", "shows_photo", "shows_organisation", "shows_country",
                                                      "signatory_name", "signatory_title")}
    data.update({f"colour_{group}": badges.colour_of(design, group) for group in badges.DEFAULT_COLOURS})
    return data


@bp.route("/events/<slug>/manage/badges", methods=["GET", "POST"])
@event_role(ORGANISER)
def manage_badges(event):
    design = badges.design_of(event.id)
    form = BadgeDesignForm(data=_design_form_data(design))
    if form.validate_on_submit():
        badges.save_design(event, form)
        flash(_("The badge design is saved."), "success")
        return redirect(url_for("registration.manage_badges", slug=event.slug))
    return render_template("registration/manage/badges.html", event=event, form=form, design=design,
                           confirmed=badges.confirmed_count(event.id),
                           confirmed_online=badges.confirmed_online_count(event.id), job=_shown_job(badges.subject(event.id)),
                           has_categories=bool(categories_of(event.id))), 400 if form.errors else 200


@bp.get("/events/<slug>/manage/badges/preview.pdf")
@event_role(ORGANISER)
def preview_badge(event):
    return private_pdf(badges.preview_pdf(event), f"{event.slug}-badge-preview.pdf")


@bp.post("/events/<slug>/manage/badges/print")
@event_role(ORGANISER)
def print_badges(event):
    try:
        job = badges.start_printing(event, current_user, str(get_locale()))
    except jobs.QueueUnavailable:
        flash(str(QUEUE_DOWN), "error")
        return redirect(url_for("registration.manage_badges", slug=event.slug))
    flash(_("Printing the badges: the file is ready to download when the bar is full."), "info")
    return redirect(url_for("registration.manage_badges", slug=event.slug, _anchor=f"job-{job.id}"))


def _event_job(event, job_id):
    job = jobs.find(job_id, badges.subject(event.id)) or jobs.find(job_id, certificates.subject(event.id))
    if job is None:
        abort(404)
    jobs.report_if_stuck(job)
    return job


def _shown_job(subject: str):
    """The latest job of `subject`, for its page; the administrators hear of it if no worker takes it."""
    job = jobs.latest(subject)
    jobs.report_if_stuck(job)
    return job


@bp.get("/events/<slug>/manage/jobs/<job_id>")
@event_role(ORGANISER)
def job_status(event, job_id):
    job = _event_job(event, job_id)
    return jsonify({"status": job.status, "label": str(jobs.JOB_STATUSES[job.status]), "done": job.done,
                    "total": job.total, "percent": job.percent, "error": job.error or None,
                    "waiting_for_worker": job.is_waiting_for_worker,
                    "download_url": url_for("registration.job_result", slug=event.slug, job_id=job.id)
                    if job.result else None})


@bp.get("/events/<slug>/manage/jobs/<job_id>/result")
@event_role(ORGANISER)
def job_result(event, job_id):
    job = _event_job(event, job_id)
    path = jobs.result_path(job)
    if path is None:
        abort(404)
    response = send_file(path, mimetype="application/pdf", as_attachment=True,
                         download_name=f"{event.slug}-badges.pdf", max_age=0)
    response.headers["Cache-Control"] = "private, no-store"  # every participant's name and photo
    return response


# --- The desk ------------------------------------------------------------------------------------------

@bp.get("/checkin")
@role_required("checkin_staff", "organiser")
def my_desks():
    """Where check-in staff start: the desks of the events they may check people in at."""
    return render_template("registration/desks.html", events=desk_access.desks_of(current_user))


@bp.get("/events/<slug>/checkin")
@desk_staff
def checkin_desk(event):
    sessions = list(checkin.attendance_sessions(event.id))
    session = checkin.session_of(event, request.args.get("session", type=int))
    # Practice mode is chosen, and shown, explicitly: its scans are kept apart and are never attendance.
    practice = request.args.get("practice") == "1"
    return render_template("registration/desk.html", event=event, sessions=sessions, session=session,
                           practice=practice, counts=checkin.counts(event, session, practice),
                           first_day=checkin.event_days(event)[0], last_day=checkin.event_days(event)[1])


@bp.get("/events/<slug>/checkin/badges/<int:registration_id>.pdf")
@desk_staff
def desk_badge(event, registration_id):
    """The badge of someone who has none, printed at the desk (only a confirmed place has one). The desk's
    page for a walk-in shows it in a frame, to open the print dialogue on it (registration.walk_ins)."""
    registration = part_of(event, Registration, registration_id)
    if registration.status != CONFIRMED:
        abort(404)
    return private_pdf(badges.badge_pdf(registration), f"badge-{registration.id}.pdf", framed=True)


# --- Staff and devices ----------------------------------------------------------------------------------

def _attendance_form(event, **kwargs) -> AttendanceForm:
    today = checkin.venue_today(event)
    days = [(day.isoformat(), long_date(day)) for day in checkin.days_of(event) if day <= today]
    sessions = [(str(item.id), f"{translated(item, 'title')} · "
                               f"{long_date(item.starts_at.astimezone(event.zone).date())} "
                               f"{local_time(item.starts_at, event)}")
                for item in checkin.attendance_sessions(event.id)
                if item.starts_at.astimezone(event.zone).date() <= today]
    return AttendanceForm(days, sessions, prefix="attendance", **kwargs)


@bp.route("/events/<slug>/manage/checkin", methods=["GET", "POST"])
@event_role(ORGANISER)
def manage_checkin(event):
    staff_form, device_form = StaffForm(prefix="staff"), DeviceForm(prefix="device")
    attendance_form = _attendance_form(event)
    new_token = None
    if staff_form.submit.data and staff_form.validate_on_submit():
        user = find_user_by_email(staff_form.email.data)
        if user is None:
            staff_form.email.errors.append(_("Nobody has a Convene account with this address: ask them to sign up "
                                             "first."))
        else:
            if desk_access.add_staff(event, user):
                flash(_("%(name)s can now check people in.", name=user.full_name), "success")
            else:
                flash(_("%(name)s is already check-in staff.", name=user.full_name), "info")
            return redirect(url_for("registration.manage_checkin", slug=event.slug))
    elif device_form.submit.data and device_form.validate_on_submit():
        device, new_token = desk_access.issue_device(event, device_form.name.data, current_user)
        device_form = DeviceForm(prefix="device", formdata=None)
    elif attendance_form.submit.data and attendance_form.validate_on_submit():
        registration = services.find_registration(event, attendance_form.email.data)
        day = date.fromisoformat(attendance_form.day.data)
        session = checkin.session_of(event, int(attendance_form.session.data)) if attendance_form.session.data else None
        problem = checkin.attendance_problem(event, registration, day, session)
        if problem:
            attendance_form.email.errors.append(problem)
        else:
            if checkin.record_afterwards(event, registration, day, session, current_user):
                flash(_("The attendance of %(name)s on %(day)s is recorded, under your name.",
                        name=registration.full_name, day=long_date(day)), "success")
            else:
                flash(_("The attendance of %(name)s on %(day)s was already recorded.", name=registration.full_name,
                        day=long_date(day)), "info")
            return redirect(url_for("registration.manage_checkin", slug=event.slug, _anchor="afterwards-title"))
    errors = staff_form.errors or device_form.errors or attendance_form.errors
    # Side by side, in the room and online, when people may take part online.
    days, sessions = (checkin.attendance_overview(event) if event.attendance_mode == IN_PERSON
                      else participation.attendance_side_by_side(event))
    devices = desk_access.devices_of(event)
    return render_template("registration/manage/checkin.html", event=event, staff_form=staff_form,
                           attendance_days=days, attendance_sessions=sessions, attendance_form=attendance_form,
                           recorded_afterwards=checkin.recorded_afterwards(event),
                           expiry={device.id: desk_access.expires_at(device) for device in devices}, now=utcnow(),
                           device_form=device_form, staff=desk_access.staff_of(event), devices=devices,
                           new_token=new_token, new_token_qr=badges.qr_image(new_token) if new_token else None,
                           api_address=external_url("registration_api.check_in"),
                           counts=checkin.counts(event)), 400 if errors else 200


@bp.post("/events/<slug>/manage/checkin/staff/<int:user_id>/remove")
@event_role(ORGANISER)
def remove_staff(event, user_id):
    desk_access.remove_staff(part_of(event, CheckinStaff, (event.id, user_id)))
    flash(_("Removed from the check-in staff."), "success")
    return redirect(url_for("registration.manage_checkin", slug=event.slug))


@bp.post("/events/<slug>/manage/checkin/devices/<int:device_id>/revoke")
@event_role(ORGANISER)
def revoke_device(event, device_id):
    desk_access.revoke_device(part_of(event, CheckinDevice, device_id))
    flash(_("The device's token no longer works."), "success")
    return redirect(url_for("registration.manage_checkin", slug=event.slug))


@bp.post("/events/<slug>/manage/checkin/devices/<int:device_id>/renew")
@event_role(ORGANISER)
def renew_device(event, device_id):
    device = part_of(event, CheckinDevice, device_id)
    if device.revoked_at is not None:
        abort(404)  # a revoked token stays revoked: make a new one
    desk_access.renew_device(device)
    flash(_("The device's token works again until %(when)s.",
            when=local_datetime(desk_access.expires_at(device), event, "short")), "success")
    return redirect(url_for("registration.manage_checkin", slug=event.slug))


@bp.post("/events/<slug>/manage/checkin/attendance/<int:checkin_id>/undo")
@event_role(ORGANISER)
def undo_attendance(event, checkin_id):
    """Take back attendance an organiser recorded after the fact by mistake (it stays on record, undone)."""
    record = part_of(event, CheckIn, checkin_id)
    if not record.is_recorded_afterwards:
        abort(404)  # scans are undone at the desk
    name, day = record.registration.full_name, long_date(record.day)
    if checkin.undo(event, record.id, current_user) is None:
        flash(_("The attendance of %(name)s on %(day)s was already undone.", name=name, day=day), "info")
    else:
        flash(_("The attendance of %(name)s on %(day)s is undone.", name=name, day=day), "success")
    return redirect(url_for("registration.manage_checkin", slug=event.slug, _anchor="afterwards-title"))


@bp.route("/events/<slug>/manage/participants/<int:registration_id>/reissue-badge", methods=["GET", "POST"])
@event_role(ORGANISER)
def reissue_badge(event, registration_id):
    """Asked once more first: the person's badge stops opening the door at once."""
    registration = part_of(event, Registration, registration_id)
    if registration.status != CONFIRMED:
        abort(404)  # no badge to replace
    if request.method == "GET":
        return render_template("registration/manage/reissue_badge.html", event=event, registration=registration)
    organising.reissue_badge(registration, by=current_user)
    flash(_("A new badge is issued: the old one no longer opens the door."), "success")
    return redirect(url_for("registration.participant", slug=event.slug, registration_id=registration.id))


# --- Certificates --------------------------------------------------------------------------------------

@bp.route("/events/<slug>/manage/certificates", methods=["GET", "POST"])
@event_role(ORGANISER)
def manage_certificates(event):
    if request.method == "POST":
        if not services.is_over(event):
            flash(str(certificates.BEFORE_THE_END), "error")
        else:
            try:
                certificates.start_issuing(event, current_user)
            except jobs.QueueUnavailable:
                flash(str(QUEUE_DOWN), "error")
            else:
                flash(_("Issuing the certificates: everyone checked in gets one, and those who get theirs for the "
                        "first time are told by e-mail."), "info")
        return redirect(url_for("registration.manage_certificates", slug=event.slug))
    attended, issued = certificates.counts(event.id)
    return render_template("registration/manage/certificates.html", event=event, attended=attended, issued=issued,
                           has_ended=services.is_over(event),
                           job=_shown_job(certificates.subject(event.id)))


@bp.cli.command("print-badges")
@click.argument("slug")
@click.argument("output", type=click.Path(dir_okay=False, writable=True))
@click.option("--locale", default="en", show_default=True, help="Language of the printed dates and groups.")
def print_badges_command(slug, output, locale):
    """Print every confirmed badge of the event SLUG into the PDF file OUTPUT, with a progress bar."""
    event = find_event(slug)
    if event is None:
        raise click.ClickException(f"no event has the short name {slug!r}")
    registrations = list(db.session.scalars(badges.confirmed(event.id)))
    with click.progressbar(length=len(registrations), label="Badges") as bar, force_locale(locale):
        done = [0]

        def progress(count):
            bar.update(count - done[0])
            done[0] = count

        data = badges.all_badges_pdf(event, registrations, progress=progress)
    with open(output, "wb") as file:
        file.write(data)
    click.echo(f"{len(registrations)} badge(s) written to {output}")
