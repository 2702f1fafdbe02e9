"""Site-wide pages: the home page, the language switcher and the administrator's mail log."""
import io
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from flask import Blueprint, abort, current_app, redirect, render_template, request, send_file, session, url_for
from flask_login import current_user

from core import mail_log as mail_log_filters
from core.extensions import csrf, db
from core.i18n import select_timezone
from core.mail import OutboxAttachment, OutboxMessage
from core.overview import gather
from core.permissions import role_required
from core.signals import home_page_requested, language_chosen
from core.urls import local_path, page_number

bp = Blueprint("main", __name__, cli_group=None)


def safe_next(target: str | None, fallback: str) -> str:
    """Only follow `next` to a path on this site (no open redirect)."""
    return local_path(target) or fallback


@bp.get("/")
def index():
    # Someone logged in sees their own things (each package answers for its own); visitors, the introduction.
    sections = gather(home_page_requested, user=current_user) if current_user.is_authenticated else []
    return render_template("main/index.html", sections=sections)


@bp.post("/language")
@csrf.exempt
def set_language():
    # Checked here rather than globally: a visitor who is not logged in only changes the language of
    # their own pages, while a logged-in person's choice is saved to their profile, which needs the token.
    if current_user.is_authenticated:
        csrf.protect()
    locale = request.form.get("locale", "")
    if locale in current_app.config["LANGUAGES"]:
        session["locale"] = locale
        if current_user.is_authenticated:
            language_chosen.send(current_app._get_current_object(), user=current_user, locale=locale)
    return redirect(without_lang(safe_next(request.form.get("next"), url_for("main.index"))))


def without_lang(path: str) -> str:
    """The page to go back to, without a `?lang=` that would outvote the language just chosen."""
    parts = urlsplit(path)
    query = [(key, value) for key, value in parse_qsl(parts.query, keep_blank_values=True) if key != "lang"]
    return urlunsplit(parts._replace(query=urlencode(query)))


@bp.get("/healthz")
def health():
    return {"status": "ok"}


@bp.get("/admin/mail")
@role_required("administrator")
def mail_log():
    form = mail_log_filters.MailLogFilterForm(request.args)
    valid = form.validate()
    # Filters that do not hold list nothing (the form says what is wrong) rather than everything.
    page = db.paginate(mail_log_filters.messages(q=form.q.data or "", status=form.status.data or "",
                                                 start=form.start.data, end=form.end.data, zone=select_timezone()),
                       page=page_number(), per_page=50, error_out=False) if valid else None
    args = {key: value for key, value in request.args.items() if key != "page"}
    return render_template("admin/mail_log.html", page=page, form=form, args=args, is_filtered=bool(args),
                           smtp_configured=bool(current_app.config["MAIL_SERVER"])), 200 if valid else 400


@bp.get("/admin/mail/<int:message_id>")
@role_required("administrator")
def show_mail(message_id):
    # Bodies are shown only while mail is not sent (development): once it is, an administrator must
    # not be able to read a password-reset link meant for someone else.
    return render_template("admin/mail_message.html", message=db.get_or_404(OutboxMessage, message_id),
                           smtp_configured=bool(current_app.config["MAIL_SERVER"]))


@bp.get("/admin/mail/<int:message_id>/attachments/<int:attachment_id>")
@role_required("administrator")
def mail_attachment(message_id, attachment_id):
    # Shown on the same terms as the text (see show_mail): a calendar invitation, or a badge, is the recipient's.
    attachment = db.session.get(OutboxAttachment, attachment_id)
    if current_app.config["MAIL_SERVER"] or attachment is None or attachment.message_id != message_id:
        abort(404)
    return send_file(io.BytesIO(attachment.data), mimetype=attachment.content_type, as_attachment=True,
                     download_name=attachment.filename)
