"""Site-wide pages: the home page, the language switcher and the administrator's mail log."""

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_login import current_user
from sqlalchemy import select

from core.extensions import csrf, db
from core.mail import OutboxMessage
from core.permissions import role_required
from core.signals import language_chosen
from core.urls import local_path, page_number

bp = Blueprint("main", __name__, cli_group=None)


def safe_next(target: str | None, fallback: str) -> str:
    """Only follow `next` to a path on this site (no open redirect)."""
    return local_path(target) or fallback


@bp.get("/")
def index():
    return render_template("main/index.html")


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
    return redirect(safe_next(request.form.get("next"), url_for("main.index")))


@bp.get("/healthz")
def health():
    return {"status": "ok"}


@bp.get("/admin/mail")
@role_required("administrator")
def mail_log():
    page = db.paginate(select(OutboxMessage).order_by(OutboxMessage.id.desc()),
                       page=page_number(), per_page=50, error_out=False)
    return render_template("admin/mail_log.html", page=page, smtp_configured=bool(current_app.config["MAIL_SERVER"]))


@bp.get("/admin/mail/<int:message_id>")
@role_required("administrator")
def show_mail(message_id):
    # Bodies are shown only while mail is not sent (development): once it is, an administrator must
    # not be able to read a password-reset link meant for someone else.
    return render_template("admin/mail_message.html", message=db.get_or_404(OutboxMessage, message_id),
                           smtp_configured=bool(current_app.config["MAIL_SERVER"]))
