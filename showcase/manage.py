"""The organisers' pages of a knowledge fair: invitations and booths, the floor plan, the rules."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _, ngettext
from flask_login import current_user

from core.extensions import db
from events.permissions import part_of
from registration import invitations as registration_invitations
from registration.manage_forms import InvitationForm, InvitationImportForm
from showcase import analytics, booths, fairs, floor, invitations
from showcase.manage_forms import FairRulesForm, PlaceForm, ZoneForm
from showcase.models import INVITED, Booth, BoothPlace, FloorZone
from showcase.permissions import fair_organiser
from showcase.views import bp


@bp.route("/events/<slug>/fair", methods=["GET", "POST"])
@fair_organiser
def manage_fair(event):
    one, many = InvitationForm(), InvitationImportForm()
    report = None
    if one.invite.data and one.validate_on_submit():
        made = invitations.invite(event, [{"email": one.email.data, "full_name": one.full_name.data or "",
                                           "organisation": one.organisation.data or ""}], by=current_user)
        if made:
            flash(_("The invitation is on its way to %(email)s.", email=made[0].invited_email), "success")
        else:
            flash(_("%(email)s is invited already.", email=one.email.data), "info")
        return redirect(url_for("showcase.manage_fair", slug=event.slug))
    if many.upload.data and many.validate_on_submit():
        report = registration_invitations.read_csv(many.file.data.read(registration_invitations.MAX_CSV_BYTES + 1),
                                                   invitations.taken_addresses(event))
        if report.file_problem:
            many.file.errors.append(report.file_problem)
        elif not report.problems:
            made = invitations.invite(event, report.people, by=current_user)
            flash(ngettext("%(num)d invitation sent.", "%(num)d invitations sent.", len(made)), "success")
            if report.already:
                flash(ngettext("%(num)d address was left out: invited already.",
                               "%(num)d addresses were left out: invited already.", len(report.already)), "info")
            return redirect(url_for("showcase.manage_fair", slug=event.slug))
    all_booths = fairs.booths_of(event)
    free = booths.free_places(event)
    status = 400 if one.errors or many.errors or (report and report.problems) else 200
    return render_template("showcase/manage/fair.html", event=event, one=one, many=many, report=report,
                           booths=all_booths, numbers=analytics.numbers([booth.id for booth in all_booths]),
                           place_forms={booth.id: PlaceForm(free + ([booth.place] if booth.place else []),
                                                            place_id=booth.place_id, prefix=f"b{booth.id}")
                                        for booth in all_booths if booth.status != INVITED},
                           zones=fairs.zones_of(event)), status


@bp.post("/events/<slug>/fair/booths/<int:booth_id>/<any(resend, revoke):action>")
@fair_organiser
def change_booth_invitation(event, booth_id, action):
    booth = part_of(event, Booth, booth_id)
    if booth.accepted_at is not None:
        flash(_("%(email)s accepted this invitation already.", email=booth.invited_email), "info")
    elif action == "resend":
        invitations.resend(booth)
        flash(_("A new link is on its way to %(email)s; the old one no longer works.", email=booth.invited_email),
              "success")
    else:
        invitations.revoke(booth)
        flash(_("The invitation for %(email)s is withdrawn.", email=booth.invited_email), "success")
    return redirect(url_for("showcase.manage_fair", slug=event.slug))


@bp.post("/events/<slug>/fair/booths/<int:booth_id>/place")
@fair_organiser
def assign_place(event, booth_id):
    booth = part_of(event, Booth, booth_id)
    form = PlaceForm(booths.free_places(event, booth), prefix=f"b{booth.id}")
    if booth.status == INVITED:
        flash(_("A booth gets its place once its invitation is accepted."), "error")
    elif not form.validate_on_submit():
        flash(_("That place is not free any more: choose another one."), "error")
    else:
        place = db.session.get(BoothPlace, form.place_id.data) if form.place_id.data else None
        try:
            booths.assign_place(booth, place)
        except booths.PlaceTaken:
            flash(_("That place is not free any more: choose another one."), "error")
        else:
            name = booth.organisation.name
            flash(_("%(booth)s is at %(place)s.", booth=name, place=place.label) if place else
                  _("%(booth)s has no place on the floor now.", booth=name), "success")
    return redirect(url_for("showcase.manage_fair", slug=event.slug, _anchor=f"booth-{booth.id}"))


@bp.route("/events/<slug>/fair/floor", methods=["GET", "POST"])
@fair_organiser
def manage_floor(event):
    form = ZoneForm()
    if form.validate_on_submit():
        try:
            floor.add_zone(event, form.name.data, form.code.data, form.places.data, form.columns.data)
        except floor.CodeTaken:
            form.code.errors.append(_("Another zone's places start with these letters."))
        else:
            flash(_("The zone %(name)s is on the plan.", name=form.name.data), "success")
            return redirect(url_for("showcase.manage_floor", slug=event.slug))
    return render_template("showcase/manage/floor.html", event=event, form=form, zones=fairs.zones_of(event),
                           booths=fairs.booths_of(event)), 400 if form.errors else 200


@bp.route("/events/<slug>/fair/floor/<int:zone_id>", methods=["GET", "POST"])
@fair_organiser
def edit_zone(event, zone_id):
    zone = part_of(event, FloorZone, zone_id)
    form = ZoneForm(name=zone.name, code=zone.code, places=len(zone.places), columns=zone.columns)
    form.code.data = zone.code  # the letters name its places on badges and in the guide: they stay
    if form.validate_on_submit():
        floor.resize_zone(zone, form.name.data, form.places.data, form.columns.data)
        flash(_("The zone %(name)s is saved.", name=zone.name), "success")
        return redirect(url_for("showcase.manage_floor", slug=event.slug))
    return render_template("showcase/manage/zone.html", event=event, zone=zone, form=form), \
        400 if form.errors else 200


@bp.post("/events/<slug>/fair/floor/<int:zone_id>/remove")
@fair_organiser
def remove_zone(event, zone_id):
    zone = part_of(event, FloorZone, zone_id)
    name = zone.name
    floor.remove_zone(zone)
    flash(_("The zone %(name)s is removed; booths that stood in it have no place now.", name=name), "success")
    return redirect(url_for("showcase.manage_floor", slug=event.slug))


@bp.route("/events/<slug>/fair/rules", methods=["GET", "POST"])
@fair_organiser
def manage_fair_rules(event):
    form = FairRulesForm(obj=fairs.settings_of(event))
    if form.validate_on_submit():
        fairs.save_settings(event, form.values())
        flash(_("The fair's rules are saved."), "success")
        return redirect(url_for("showcase.manage_fair_rules", slug=event.slug))
    return render_template("showcase/manage/rules.html", event=event, form=form), 400 if form.errors else 200
