"""Account operations. Each public function that changes data owns its transaction."""
import hmac

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from accounts.models import ROLES, User, UserRole
from core.extensions import db
from core.mail import queue_mail
from core.models import utcnow
from core.multilingual import site_locale
from core.search import search_key
from core.security import TokenError, fingerprint, make_token, read_token
from core.signals import AccountStillNeeded, account_deleting, personal_data_requested
from core.urls import external_url, local_path

# A hash to check against when no account matches, so a wrong e-mail takes as long as a wrong password.
_DUMMY_HASH = None


class EmailTaken(Exception):
    pass


class WrongPassword(Exception):
    pass


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def language_for_address(email: str, spoken: list[str] | None = None) -> str | None:
    """The language to write to this address in: its account's, else the first of `spoken` (an event's
    working languages) the site speaks, else None (the default). An invitation reaches people who may
    have no account yet."""
    user = find_user_by_email(email)
    languages = current_app.config["LANGUAGES"]
    if user is not None and user.locale in languages:
        return user.locale
    # Working languages are content languages ("zh"); the site's locales may be regional ("zh_Hans").
    return next((site_locale(code) for code in spoken or [] if site_locale(code) in languages), None)


def load_user_from_session(user_id: str) -> User | None:
    """Flask-Login's loader: `id:hash-fragment`, see User.get_id."""
    number, _, fragment = (user_id or "").partition(":")
    if not number.isdigit():
        return None
    user = db.session.get(User, int(number))
    if user is None or user.get_id() != user_id:
        return None
    return user


def _new_user(email: str, password: str, full_name: str, roles=("participant",), **profile) -> User:
    user = User(
        email=normalise_email(email),
        password_hash=hash_password(password),
        full_name=full_name.strip(),
        **profile,
    )
    user.roles = [UserRole(role=role) for role in roles]
    return user


#: Stored as the password hash of an account made for someone who never signed up: it matches no password
#: (werkzeug reads no method in it), so the person logs in only after setting one with "Forgot your password".
NO_PASSWORD = "!no-password"


def account_for(email: str, full_name: str, **profile) -> User:
    """The account with this address, or a new one without a password for a person someone else registered
    (at the check-in desk, by an organiser). In the caller's transaction (flushed, not committed)."""
    user = find_user_by_email(email)
    if user is not None:
        return user
    user = User(email=normalise_email(email), password_hash=NO_PASSWORD, full_name=full_name.strip(),
                **{name: value for name, value in profile.items() if value})
    user.roles = [UserRole(role="participant")]
    try:
        with db.session.begin_nested():  # the caller's transaction (and the locks it holds) goes on
            db.session.add(user)
    except IntegrityError:
        # The address signed up, or was registered at another event's desk, a moment ago: that account it is.
        return find_user_by_email(email)
    return user


def sign_up(email: str, password: str, full_name: str, locale: str | None = None,
            next_path: str | None = None) -> User:
    """Create a participant account and send the confirmation e-mail (whose link leads on to `next_path`, a
    path on this site, such as the registration form the person started from); raise EmailTaken."""
    if find_user_by_email(email) is not None:
        raise EmailTaken()
    user = _new_user(email, password, full_name, locale=locale)
    db.session.add(user)
    try:
        db.session.flush()
        _queue_confirmation(user, next_path)
        db.session.commit()
    except IntegrityError as error:  # someone took the address between the check and the insert
        db.session.rollback()
        raise EmailTaken() from error
    return user


def _queue_confirmation(user: User, next_path: str | None = None) -> None:
    payload = {"id": user.id, "email": user.email}
    if local_path(next_path):  # signed with the rest: the link cannot be made to lead elsewhere
        payload["next"] = next_path
    token = make_token("confirm-email", payload)
    queue_mail(
        user.email,
        _l("Confirm your e-mail address for Convene"),
        "confirm_email",
        locale=user.locale,
        user=user,
        link=external_url("accounts.confirm_email", token=token),
        hours=current_app.config["EMAIL_CONFIRM_MAX_AGE"] // 3600,
    )


def resend_confirmation(user: User, next_path: str | None = None) -> bool:
    """Send a new confirmation link (leading on to `next_path`); False (and nothing sent) when the address is
    already confirmed."""
    if user.is_confirmed:
        return False
    _queue_confirmation(user, next_path)
    db.session.commit()
    return True


def confirm_email(token: str) -> tuple[User, str | None]:
    """Mark the address in the token confirmed; return the user and the path the link leads on to (None:
    the profile). Raise TokenError if it is bad, expired or stale."""
    payload = read_token("confirm-email", token, current_app.config["EMAIL_CONFIRM_MAX_AGE"])
    user = db.session.get(User, payload.get("id")) if isinstance(payload, dict) else None
    if user is None or user.email != payload.get("email"):
        raise TokenError()
    if user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()
        db.session.commit()
    return user, local_path(payload.get("next"))


def authenticate(email: str, password: str) -> User | None:
    """The active user with these credentials, or None (same cost whether or not the e-mail exists)."""
    global _DUMMY_HASH
    user = find_user_by_email(email)
    if user is None:
        _DUMMY_HASH = _DUMMY_HASH or hash_password("not a password")
        check_password_hash(_DUMMY_HASH, password or "")
        return None
    if not check_password_hash(user.password_hash, password or "") or not user.is_active:
        return None
    return user


def record_login(user: User) -> None:
    user.last_login_at = utcnow()
    db.session.commit()


def request_password_reset(email: str) -> None:
    """Send a reset link if an account has this address; say nothing either way (no enumeration)."""
    user = find_user_by_email(email)
    if user is None or not user.is_active:
        return
    token = make_token("reset-password", {"id": user.id, "h": fingerprint("reset-password", user.password_hash)})
    queue_mail(
        user.email,
        _l("Reset your Convene password"),
        "reset_password",
        locale=user.locale,
        user=user,
        link=external_url("accounts.reset_password", token=token),
        hours=current_app.config["PASSWORD_RESET_MAX_AGE"] // 3600,
    )
    db.session.commit()


def user_for_reset_token(token: str) -> User:
    """The user a reset link is for; the link works once, since the password it names changes."""
    payload = read_token("reset-password", token, current_app.config["PASSWORD_RESET_MAX_AGE"])
    user = db.session.get(User, payload.get("id")) if isinstance(payload, dict) else None
    if (user is None or not user.is_active
            or not hmac.compare_digest(fingerprint("reset-password", user.password_hash), str(payload.get("h")))):
        raise TokenError()
    return user


def reset_password(token: str, new_password: str) -> User:
    """Set the new password; TokenError if the link is bad or used, even by a submission a moment earlier.

    The password is written only where it is still the one the link was made for: of two submissions at
    once, the second finds it changed (on PostgreSQL it waits for the first's row lock, then re-checks).
    """
    user = user_for_reset_token(token)
    old_hash, new_hash = user.password_hash, hash_password(new_password)
    written = db.session.execute(
        update(User).where(User.id == user.id, User.password_hash == old_hash)
        # Following the link proved the address works.
        .values(password_hash=new_hash, email_confirmed_at=func.coalesce(User.email_confirmed_at, utcnow()))
        .execution_options(synchronize_session=False)).rowcount
    db.session.commit()
    if not written:
        raise TokenError()
    db.session.refresh(user)
    return user


def change_password(user: User, current_password: str, new_password: str) -> None:
    if not check_password_hash(user.password_hash, current_password or ""):
        raise WrongPassword()
    user.password_hash = hash_password(new_password)
    db.session.commit()


_PROFILE_TEXT = ("full_name", "organisation", "job_title")
#: Empty choices are stored as NULL so reports can tell "not given" apart.
_PROFILE_CHOICES = ("country", "stakeholder_group", "locale", "timezone")


def update_profile(user: User, **values) -> None:
    for field in _PROFILE_TEXT:
        if field in values:
            setattr(user, field, (values[field] or "").strip())
    for field in _PROFILE_CHOICES:
        if field in values:
            setattr(user, field, values[field] or None)
    db.session.commit()


def personal_data(user: User) -> dict:
    """Everything Convene keeps about the person, from every package, as JSON-able data."""
    data = {"account": {
        "email": user.email, "full_name": user.full_name, "organisation": user.organisation,
        "job_title": user.job_title, "country": user.country, "stakeholder_group": user.stakeholder_group,
        "language": user.locale, "time_zone": user.timezone, "roles": sorted(user.role_names),
        "created_at": user.created_at.isoformat(), "email_confirmed_at":
            user.email_confirmed_at.isoformat() if user.email_confirmed_at else None,
        "last_login_at": user.last_login_at.isoformat() if user.last_login_at else None,
    }}
    for _receiver, part in personal_data_requested.send(current_app._get_current_object(), user=user):
        data.update(part or {})
    return data


def delete_account(user: User, password: str) -> None:
    """Delete the account; other packages first anonymise what must remain (see core.signals)."""
    if not check_password_hash(user.password_hash, password or ""):
        raise WrongPassword()
    try:
        account_deleting.send(current_app._get_current_object(), user=user)
        db.session.delete(user)
        db.session.commit()
    except AccountStillNeeded:
        db.session.rollback()
        raise


def save_locale(user: User, locale: str) -> None:
    user.locale = locale
    db.session.commit()


def set_role(user: User, role: str, granted: bool, by: User | None = None) -> None:
    if role not in ROLES:
        raise ValueError(role)
    current = {r.role: r for r in user.roles}
    if granted and role not in current:
        user.roles.append(UserRole(role=role, granted_by_id=by.id if by else None))
    elif not granted and role in current:
        user.roles.remove(current[role])
    db.session.commit()


def create_admin(email: str, password: str, full_name: str) -> User:
    """Create an administrator, or make an existing account one (its password is then reset)."""
    user = find_user_by_email(email)
    if user is None:
        user = _new_user(email, password, full_name, roles=("administrator", "participant"))
        db.session.add(user)
    else:
        user.password_hash = hash_password(password)
        if "administrator" not in user.role_names:
            user.roles.append(UserRole(role="administrator"))
    user.email_confirmed_at = user.email_confirmed_at or utcnow()
    db.session.commit()
    return user


def search_users(query: str = "", role: str | None = None, page: int = 1, per_page: int = 50):
    """People whose name, e-mail or organisation contain every word of `query`, in any case or accent."""
    statement = select(User).order_by(User.full_name, User.id)
    # autoescape: "%" and "_" typed in the search box are matched as themselves, not as wildcards.
    statement = statement.where(*[User.search_text.contains(word, autoescape=True)
                                  for word in search_key(query).split()])
    if role:
        statement = statement.where(User.roles.any(UserRole.role == role))
    return db.paginate(statement, page=page, per_page=per_page, error_out=False)


def tell_administrators_of_stuck_job(job) -> None:
    """E-mail every administrator that a job waits for a worker that is not running. The caller commits."""
    administrators = db.session.scalars(select(User).join(UserRole, UserRole.user_id == User.id).where(
        UserRole.role == "administrator", User.active.is_(True)).order_by(User.id)).all()
    for admin in administrators:
        queue_mail(admin.email, _l("Convene: no background worker is running"), "job_stuck", locale=admin.locale,
                   user=admin, job=job)
