"""The list of participants: the organiser's page and downloads, and the public list on the event's pages.

Routes on meetings.views.bp. The event's public page links to the list through its boxes
(`event_page_boxes`, a context processor here) and renews its remembered copy when the list is published or
withdrawn (core.signals.public_page_version): events never import meetings.
"""
import io

from flask import abort, current_app, flash, g, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _

from core.signals import public_page_version
from events.permissions import ORGANISER, VIEWER, event_role
from meetings import participant_list as lists
from meetings.list_forms import ListPublishingForm
from meetings.settings import settings_of
from meetings.views import bp
from registration.badges import direction

MIMETYPES = {"pdf": "application/pdf", "csv": "text/csv",
             "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


@bp.app_context_processor
def list_boxes():
    # events/event.html includes the boxes of the packages above it, from the last context processor's list:
    # registration's, then ours (the showcase, registered after us, names all three).
    return {"event_page_boxes": ["registration/_event_box.html", "meetings/_event_box.html"],
            "participant_list_published": _published, "text_dir": direction}


def _published(event) -> bool:
    remembered = g.setdefault("participant_lists_published", {})
    if event.id not in remembered:
        remembered[event.id] = lists.is_published(event.id)
    return remembered[event.id]


@bp.record_once
def _answer_lower_pages(state):
    # The event's page, remembered for visitors, links to the list only while it is published.
    public_page_version.connect_via(state.app, weak=False)(
        lambda sender, event_id: ("participant-list", event_id is not None and lists.is_published(event_id)))


def _language_asked():
    """The document's language from the address, and the message to show when it is not one we write."""
    asked = request.args.get("language")
    language = lists.document_language(asked)
    if language is None:
        return lists.document_language(None), _("The list cannot be written in “%(language)s”: choose one of "
                                                 "the languages offered.", language=asked[:20])
    return language, None


@bp.route("/events/<slug>/manage/participant-list", methods=["GET", "POST"])
@event_role(ORGANISER)
def manage_participant_list(event):
    settings = settings_of(event)
    form = ListPublishingForm(data={"publishes_list": bool(settings and settings.publishes_list)})
    if form.validate_on_submit():
        lists.publish(event, form.publishes_list.data)
        flash(_("The list of participants is on the event's page.") if form.publishes_list.data
              else _("The list of participants is no longer on the event's page."), "success")
        return redirect(url_for("meetings.manage_participant_list", slug=event.slug))
    language, problem = _language_asked()
    return _manage_page(event, form, language, problem), 400 if problem or form.errors else 200


def _manage_page(event, form, language, problem):
    plist = lists.participant_list(event, language)
    return render_template("meetings/manage/participant_list.html", event=event, form=form, plist=plist,
                           language=language, problem=problem, choices=lists.language_choices(event),
                           language_names=current_app.config["LANGUAGES"], reasons=lists.LEFT_OUT_REASONS,
                           published=bool(form.publishes_list.data))


@bp.get("/events/<slug>/manage/participant-list.<kind>")
@event_role(ORGANISER)
def download_participant_list(event, kind):
    if kind not in lists.FORMATS:
        abort(404)
    language, problem = _language_asked()
    if problem:
        settings = settings_of(event)
        form = ListPublishingForm(data={"publishes_list": bool(settings and settings.publishes_list)})
        return _manage_page(event, form, language, problem), 400
    plist = lists.participant_list(event, language)
    if kind == "pdf":
        data = lists.list_pdf(event, plist)
    elif kind == "csv":
        data = lists.list_csv(plist)
    else:
        data = lists.list_xlsx(event, plist)
    return send_file(io.BytesIO(data), mimetype=MIMETYPES[kind], as_attachment=True,
                     download_name=f"{event.slug}-participants-{language}.{kind}")


@bp.get("/events/<slug>/participants")
@event_role(VIEWER)
def public_participant_list(event):
    if not lists.is_published(event.id):
        abort(404)
    plist = lists.participant_list(event, lists.document_language(None))
    return render_template("meetings/participant_list.html", event=event, plist=plist)
