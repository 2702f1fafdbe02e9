"""A booth's leads: the phone page that scans badges, its JSON API, the list with ratings and notes, the export."""
from functools import wraps

from flask import Response, abort, flash, jsonify, redirect, render_template, request, stream_with_context, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, NotFound, RequestEntityTooLarge

from core.extensions import csrf
from core.i18n import name_list
from events.formatting import local_datetime
from showcase import leads
from showcase.lead_forms import LeadForm
from showcase.permissions import booth_member
from showcase.views import bp

#: A scan is a code, a consent answer, a rating and a note of at most 2,000 characters: a few KB at most.
MAX_SCAN_BODY = 16 * 1024


class _BadBody(Exception):
    def __init__(self, message: str, status: int = 400, field: str | None = None):
        super().__init__(message)
        self.message, self.status, self.field = message, status, field


def _error(message: str, status: int, field: str | None = None):
    body = {"error": message}
    if field:
        body["field"] = field
    return jsonify(body), status


def json_api(view):
    """Around a JSON view of the phone page: every answer is JSON with a message people can read (also a
    log-in that ran out, a stale CSRF token, a booth that is not theirs), never an HTML page.

    The CSRF token travels in X-CSRFToken, as for the check-in desk (registration.permissions.api_staff):
    checked here, so that a refusal is JSON too (the view is exempt from the app-wide check).
    """

    @wraps(view)
    def wrapped(**kwargs):
        if not current_user.is_authenticated:
            return _error(_("You are logged out: log in again, then scan again."), 401)
        request.max_content_length = MAX_SCAN_BODY
        try:
            csrf.protect()
        except CSRFError:
            return _error(_("The page's security token is missing or out of date: reload the page."), 400)
        except RequestEntityTooLarge:
            return _error(_("What was sent is far too large for a badge scan."), 413)
        try:
            return view(**kwargs)
        except _BadBody as problem:
            return _error(problem.message, problem.status, problem.field)
        except leads.LeadProblem as problem:
            return _error(problem.message, 400, problem.field)
        except NotFound:
            return _error(_("There is no such booth, or it is not one of yours."), 404)
        except RequestEntityTooLarge:
            return _error(_("What was sent is far too large for a badge scan."), 413)
        except HTTPException as error:
            return _error(error.description or error.name, error.code or 400)

    return wrapped


def json_object() -> dict:
    """The request's JSON object; _BadBody for anything else (not JSON, a list, nested past reason)."""
    try:
        params = request.get_json(silent=True)
    except RecursionError:
        params = None
    if not isinstance(params, dict):
        raise _BadBody(_("Send a JSON object (Content-Type: application/json)."))
    return params


def _visitor_json(registration) -> dict | None:
    # The name, as on the badge the staff hold: enough to know whom they are talking to. Anything more waits
    # until the lead is kept (and then only the fields the fair allows).
    if registration is None:
        return None
    return {"name": registration.full_name}


def _lead_json(lead, booth) -> dict | None:
    if lead is None:
        return None
    fields = leads.allowed_fields(booth.event)
    return {"id": lead.id, "rating": lead.rating, "note": lead.note, "consent": lead.consent,
            "consent_label": str(leads.CONSENT_LABELS.get(lead.consent, lead.consent)),
            "scanned_at": local_datetime(lead.scanned_at, booth.event, "short"),
            "details": [{"label": label, "value": value} for label, value
                        in zip(leads.field_labels(fields), leads.detail_texts(lead, fields))]}


@bp.get("/showcase/booths/<int:booth_id>/scan")
@booth_member
def scan_badges(booth):
    return render_template("showcase/scan.html", booth=booth, event=booth.event,
                           field_names=name_list(leads.field_labels(leads.allowed_fields(booth.event))),
                           not_approved=None if booth.is_public else leads.REFUSALS["booth_not_approved"],
                           lead_count=leads.count_of(booth))


@bp.post("/showcase/booths/<int:booth_id>/leads/scan")
@csrf.exempt  # json_api checks the token itself, so that a refusal is JSON
@json_api
@booth_member
def scan_lead(booth):
    """The phone page's scan: {"code": the badge's code, "consent": "asked" or "declined" once the visitor
    was asked, "rating": 1–5, "note": text}; the answer says what was kept (leads.scan)."""
    params = json_object()
    code = params.get("code")
    if not isinstance(code, str) or not code.strip():
        raise _BadBody(_("Send the scanned badge's text as “code”."), field="code")
    outcome = leads.scan(booth, code, current_user, consent=params.get("consent"), rating=params.get("rating"),
                         note=params.get("note"))
    return jsonify({"result": outcome.result, "message": outcome.message,
                    "visitor": _visitor_json(outcome.registration), "lead": _lead_json(outcome.lead, booth),
                    "count": leads.count_of(booth)})


def _leads_page(booth, forms=None, status=200):
    event = booth.event
    fields = leads.allowed_fields(event)
    booth_leads = leads.leads_of(booth)
    forms = forms or {}
    for lead in booth_leads:
        forms.setdefault(lead.id, LeadForm(prefix=f"lead{lead.id}", formdata=None,
                                           data={"rating": lead.rating, "note": lead.note}))
    return render_template("showcase/leads.html", booth=booth, event=event, leads=booth_leads, forms=forms,
                           labels=leads.field_labels(fields), fields=fields, consents=leads.CONSENT_LABELS,
                           detail_texts=leads.detail_texts), status


@bp.get("/showcase/booths/<int:booth_id>/leads")
@booth_member
def booth_leads(booth):
    return _leads_page(booth)


@bp.post("/showcase/booths/<int:booth_id>/leads/<int:lead_id>")
@booth_member
def edit_lead(booth, lead_id):
    lead = leads.lead_of(booth, lead_id)
    if lead is None:
        abort(404)  # another booth's lead: as if it did not exist
    form = LeadForm(prefix=f"lead{lead.id}")
    if form.validate_on_submit():
        leads.update(lead, form.rating.data, form.note.data or "")
        flash(_("The rating and note on %(name)s are saved.", name=lead.details.get("full_name") or _("this visitor")),
              "success")
        return redirect(url_for("showcase.booth_leads", booth_id=booth.id) + f"#lead-{lead.id}")
    return _leads_page(booth, {lead.id: form}, 400)


@bp.post("/showcase/booths/<int:booth_id>/leads/<int:lead_id>/forget")
@booth_member
def forget_lead(booth, lead_id):
    lead = leads.lead_of(booth, lead_id)
    if lead is None:
        abort(404)  # another booth's lead, or one forgotten already: nothing is done, nothing is claimed
    leads.forget(lead)
    flash(_("Your booth no longer keeps this visitor's details."), "success")
    return redirect(url_for("showcase.booth_leads", booth_id=booth.id))


@bp.get("/showcase/booths/<int:booth_id>/leads.csv")
@booth_member
def export_leads(booth):
    name = f"leads-{booth.event.slug}-booth-{booth.id}.csv"
    return Response(stream_with_context(leads.csv_rows(booth)), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"',
                             "Cache-Control": "private, no-store"})
