"""The organisers' page "Online participation": the event's room and each session's room and languages at a
glance, the attendance rule for online participants, and who joined what, when (registration.online)."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from wtforms import IntegerField, SubmitField
from wtforms.validators import InputRequired, NumberRange

from core.forms import ConveneForm
from events.permissions import ORGANISER, event_role
from registration import online
from registration.views import bp


class OnlineRuleForm(ConveneForm):
    online_min_sessions = IntegerField(
        _l("A day counts as attended online when the person joined at least this many of its sessions"),
        description=_l("Joining the event's own room counts as one. A day with fewer sessions asks for all of them."),
        validators=[InputRequired(message=_l("Give a whole number."))])
    submit = SubmitField(_l("Save the rule and recount"))

    def __init__(self, *args, most: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.online_min_sessions.validators = [*self.online_min_sessions.validators, NumberRange(
            min=1, max=most, message=_l("Give a whole number from %(min)s to %(max)s (the most sessions on one day).",
                                        min=1, max=most))]


@bp.route("/events/<slug>/manage/online", methods=["GET", "POST"])
@event_role(ORGANISER)
def manage_online(event):
    most = online.most_sessions_a_day(event)
    form = OnlineRuleForm(data={"online_min_sessions": online.min_sessions(event)}, most=most)
    if form.validate_on_submit():
        attended = online.save_rule(event, form.online_min_sessions.data)
        flash(_("The rule is saved, and online attendance recounted from the joins: %(count)d person-days attended "
                "online. Issue the certificates again to bring them up to date.", count=attended), "success")
        return redirect(url_for("registration.manage_online", slug=event.slug))
    sessions = sorted(event.sessions, key=lambda session: session.starts_at)
    return render_template("registration/manage/online.html", event=event, form=form, sessions=sessions,
                           figures=online.figures(event), joins=online.join_log(event)), 400 if form.errors else 200
