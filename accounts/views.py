from flask import Blueprint, current_app, flash, g, jsonify, redirect, render_template, request, session, url_for
from flask_babel import get_locale, gettext as _
from flask_login import current_user, login_user, logout_user

from accounts import services
from accounts.forms import (ChangePasswordForm, DeleteAccountForm, ForgotPasswordForm, LoginForm, ProfileForm,
                            ResetPasswordForm, RoleForm, SignupForm)
from accounts.models import ROLES, User
from core.extensions import db, limiter
from core.i18n import name_list
from core.permissions import login_required, role_required
from core.security import TokenError
from core.signals import AccountStillNeeded
from core.urls import page_number
from core.views import safe_next

bp = Blueprint("accounts", __name__, cli_group=None)


def _login_limit() -> str:
    return current_app.config["LOGIN_FAILURE_LIMIT"]


def _login_address_limit() -> str:
    return current_app.config["LOGIN_ADDRESS_FAILURE_LIMIT"]


def _login_email() -> str:
    # The account being guessed at: its failures count wherever they come from, and a typo by one
    # person on a shared network does not count against the others.
    return "email:" + services.normalise_email(request.form.get("email", ""))


def _login_failed(response) -> bool:
    return g.get("login_failed", False)


def _mail_request_limit() -> str:
    # Each of these requests sends an e-mail: cap them so nobody can flood an inbox through us.
    return current_app.config["MAIL_REQUEST_LIMIT"]


@bp.route("/account/signup", methods=["GET", "POST"])
@limiter.limit(_mail_request_limit, methods=["POST"], deduct_when=lambda response: g.get("address_tried", False))
def signup():
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next"), url_for("main.index")))
    form = SignupForm(email=request.args.get("email"))
    if form.validate_on_submit():
        # Counted against the limit: this sends a mail or says the address has an account (typos do not count).
        g.address_tried = True
        try:
            user = services.sign_up(form.email.data, form.password.data, form.full_name.data,
                                    locale=str(get_locale()), next_path=request.args.get("next"))
        except services.EmailTaken:
            form.email.errors.append(_("An account with this e-mail address already exists. "
                                       "Log in, or reset your password if you forgot it."))
        else:
            login_user(user)
            flash(_("Welcome to Convene! We sent a link to %(email)s: follow it to confirm your address.",
                    email=user.email), "success")
            return redirect(safe_next(request.args.get("next"), url_for("accounts.profile")))
    return render_template("accounts/signup.html", form=form), 400 if form.errors else 200


@bp.route("/account/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, key_func=_login_email, methods=["POST"], deduct_when=_login_failed)
@limiter.limit(_login_address_limit, methods=["POST"], deduct_when=_login_failed)
def login():
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next"), url_for("main.index")))
    form = LoginForm(email=request.args.get("email"))
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is None:
            g.login_failed = True
            form.password.errors.append(_("That e-mail address and password do not match an account."))
        else:
            login_user(user, remember=form.remember.data)
            services.record_login(user)
            session.pop("locale", None)  # the profile's language takes over
            flash(_("You are logged in."), "success")
            return redirect(safe_next(request.args.get("next"), url_for("main.index")))
    return render_template("accounts/login.html", form=form), 400 if form.errors else 200


@bp.post("/account/logout")
@login_required
def logout():
    logout_user()
    flash(_("You are logged out."), "success")
    return redirect(url_for("main.index"))


@bp.get("/account/confirm/<token>")
def confirm_email(token):
    try:
        user, next_path = services.confirm_email(token)
    except TokenError as error:
        message = (_("This confirmation link has expired. Log in and ask for a new one.") if error.expired
                   else _("This confirmation link is not valid. Check that you copied all of it."))
        return render_template("accounts/token_problem.html", message=message), 400
    if current_user.is_authenticated and current_user.id != user.id:
        # Someone else's link (a colleague's, forwarded): say whose address it was, and go nowhere of theirs.
        flash(_("The address %(email)s is confirmed.", email=user.email), "success")
        return redirect(url_for("accounts.profile"))
    flash(_("Thank you: your e-mail address is confirmed."), "success")
    if current_user.is_authenticated:
        return redirect(next_path or url_for("accounts.profile"))
    # On another device (the phone that reads the mail): log in, then on to where the person was going.
    return redirect(url_for("accounts.login", next=next_path) if next_path else url_for("accounts.login"))


@bp.post("/account/confirm/resend")
@limiter.limit(_mail_request_limit)
@login_required
def resend_confirmation():
    next_path = request.args.get("next")
    if services.resend_confirmation(current_user, next_path):
        flash(_("We sent a new confirmation link to %(email)s.", email=current_user.email), "success")
    else:
        flash(_("Your address is already confirmed."), "info")
    return redirect(safe_next(next_path, url_for("accounts.profile")))


@bp.route("/account/password/forgot", methods=["GET", "POST"])
@limiter.limit(_mail_request_limit, methods=["POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        flash(_("If an account uses %(email)s, a link to reset its password is on its way. "
                "It works for a limited time.", email=form.email.data), "success")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/forgot_password.html", form=form), 400 if form.errors else 200


@bp.route("/account/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token):
    try:
        services.user_for_reset_token(token)
        form = ResetPasswordForm()
        user = services.reset_password(token, form.password.data) if form.validate_on_submit() else None
    except TokenError as error:  # also a link used by another submission a moment earlier
        message = (_("This reset link has expired. Ask for a new one.") if error.expired
                   else _("This reset link is not valid or has already been used. Ask for a new one."))
        return render_template("accounts/token_problem.html", message=message, ask_reset=True), 400
    if user is not None:
        logout_user()
        flash(_("Your password is changed. Log in with the new one."), "success")
        return redirect(url_for("accounts.login", email=user.email))
    return render_template("accounts/reset_password.html", form=form), 400 if form.errors else 200


@bp.route("/account/profile", methods=["GET", "POST"])
@login_required
def profile():
    form = ProfileForm(obj=current_user)
    if form.validate_on_submit():
        services.update_profile(current_user, **{name: form[name].data for name in (
            "full_name", "organisation", "job_title", "country", "stakeholder_group", "locale", "timezone")})
        session["locale"] = current_user.locale
        flash(_("Your profile is saved."), "success")
        return redirect(url_for("accounts.profile"))
    return render_template("accounts/profile.html", form=form, role_labels=ROLES), 400 if form.errors else 200


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(current_user, form.current_password.data, form.password.data)
        except services.WrongPassword:
            form.current_password.errors.append(_("That is not your current password."))
        else:
            # The session id includes the password hash: sign this browser in again so it stays signed in.
            login_user(current_user._get_current_object())
            flash(_("Your password is changed."), "success")
            return redirect(url_for("accounts.profile"))
    return render_template("accounts/change_password.html", form=form), 400 if form.errors else 200


@bp.get("/account/data.json")
@login_required
def download_data():
    """Everything Convene keeps about the person, to take away (GDPR-style data portability)."""
    response = jsonify(services.personal_data(current_user))
    response.headers["Content-Disposition"] = 'attachment; filename="convene-my-data.json"'
    return response


@bp.route("/account/delete", methods=["GET", "POST"])
@login_required
def delete_account():
    form = DeleteAccountForm()
    if form.validate_on_submit():
        try:
            services.delete_account(current_user._get_current_object(), form.password.data)
        except services.WrongPassword:
            form.password.errors.append(_("That is not your current password."))
        except AccountStillNeeded as reason:
            form.confirm.errors.append(str(reason))
        else:
            logout_user()
            flash(_("Your account is deleted. Your registrations remain only as anonymous counts."), "success")
            return redirect(url_for("main.index"))
    return render_template("accounts/delete.html", form=form), 400 if form.errors else 200


@bp.get("/admin/users")
@role_required("administrator")
def list_users():
    role = request.args.get("role") or None
    page = services.search_users(request.args.get("q", ""), role if role in ROLES else None,
                                 page=page_number())
    return render_template("admin/users.html", page=page, roles=ROLES, role=role, q=request.args.get("q", ""))


@bp.route("/admin/users/<int:user_id>", methods=["GET", "POST"])
@role_required("administrator")
def edit_user_roles(user_id):
    user = db.get_or_404(User, user_id)
    form = RoleForm()
    if form.validate_on_submit():
        granted = bool(form.grant.data)
        if not granted and user.id == current_user.id and form.role.data == "administrator":
            flash(_("You cannot take the administrator role from yourself."), "error")
        else:
            services.set_role(user, form.role.data, granted, by=current_user)
            flash(_("%(name)s now has the roles: %(roles)s.", name=user.full_name,
                    roles=name_list(ROLES[r] for r in sorted(user.role_names))), "success")
            return redirect(url_for("accounts.edit_user_roles", user_id=user.id))
    return render_template("admin/user.html", user=user, form=form, roles=ROLES), 400 if form.errors else 200
