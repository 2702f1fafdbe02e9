"""The application factory: the one module that knows every package."""
import os

import click
from flask import Flask, render_template, request
from flask.cli import with_appcontext
from flask_babel import get_locale, lazy_gettext as _l
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

from config import CONFIGS, config_name
from core import multilingual
from core.bidi import finalize as bidi_finalize
from core.charts.printed import printed as printed_chart
from core.extensions import babel, csrf, db, limiter, login_manager, migrate
from core.forms import note_errors_shown
from core.i18n import (language_tag, reader_datetime, select_locale, select_timezone, text_direction, utc_datetime,
                       vary_by_language)
from core.language_fields import language_groups
from core.security import add_security_headers, development_secret_key
from core.text import render_markdown
from core.times import machine_datetime
from core.urls import DatabaseIntegerConverter, is_base_url, reject_unstorable_address
from core.vocabularies import country_name


def create_app(config_class=None, instance_path: str | None = None) -> Flask:
    app = Flask(__name__, instance_path=instance_path)
    app.config.from_object(config_class or CONFIGS[config_name()])
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.finalize = bidi_finalize  # before any template is compiled: see core/bidi.py
    configure_paths(app)
    register_extensions(app)
    register_url_handling(app)  # before the blueprints: their routes are compiled with its converters
    register_commands(app)  # before the blueprints: registering one copies the commands it has then
    register_blueprints(app)
    register_errorhandlers(app)
    register_hooks(app)
    return app


SQLITE_WARNING = _l("This site runs on a SQLite file (CONVENE_ALLOW_SQLITE): one machine, one writer at a time. "
                    "Set DATABASE_URL to a PostgreSQL database for anything larger.")
NO_REDIS_WARNING = _l("REDIS_URL is not set: log-in limits are counted by each web process on its own (an attacker "
                      "gets as many tries as there are processes), and badge printing and other long jobs run inside "
                      "the web processes, where a restart loses them. Set REDIS_URL and run \u201cflask jobs "
                      "worker\u201d.")


def configure_paths(app: Flask) -> None:
    os.makedirs(app.instance_path, exist_ok=True)
    if not app.config.get("SECRET_KEY"):
        if app.config.get("REQUIRE_SECRET_KEY"):
            raise RuntimeError("Set SECRET_KEY in the environment: production never uses a generated key.")
        app.config["SECRET_KEY"] = development_secret_key(app.instance_path)
    for name, reason in app.config.get("REQUIRED_SETTINGS", {}).items():
        if not app.config.get(name):
            raise RuntimeError(f"Set {name} in the environment: {reason}.")
    if app.config.get("BASE_URL") and not is_base_url(app.config["BASE_URL"]):
        raise RuntimeError("BASE_URL must be the site's address, like https://convene.example.org")
    warnings = []
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        if app.config.get("IS_PRODUCTION"):
            if not app.config.get("ALLOW_SQLITE"):
                raise RuntimeError("Set DATABASE_URL in the environment (PostgreSQL): production does not fall back "
                                   "to a SQLite file under instance/ unless CONVENE_ALLOW_SQLITE=1 says it is meant.")
            warnings.append(SQLITE_WARNING)
        app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + os.path.join(app.instance_path, "convene.db")
    if app.config.get("IS_PRODUCTION") and not app.config.get("REDIS_URL"):
        warnings.append(NO_REDIS_WARNING)
    #: Shown on the administrators' pages, as they are on the log now.
    app.config["SETUP_WARNINGS"] = warnings
    for warning in warnings:
        app.logger.warning("%s", warning)
    if not app.config.get("UPLOAD_FOLDER"):
        app.config["UPLOAD_FOLDER"] = os.path.join(app.instance_path, "uploads")


def register_extensions(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(app.root_path, "migrations"))
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Please log in to see this page.")
    login_manager.login_message_category = "info"
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    limiter.init_app(app)
    # Only views that declare a limit are limited, and each checks it in its own decorator. The
    # app-wide check Flask-Limiter adds to every request would find nothing to do, at a third of the
    # cost of a small page (tests/accounts/test_throttling.py proves the declared limits still hold).
    app.before_request_funcs[None].remove(limiter._check_request_limit)


def register_url_handling(app: Flask) -> None:
    app.url_map.converters["int"] = DatabaseIntegerConverter
    app.before_request(reject_unstorable_address)


def register_blueprints(app: Flask) -> None:
    import events.manage  # noqa: F401  (the organiser's pages, on the events blueprint)
    import events.material_manage  # noqa: F401  (the organisers' Materials page, on the events blueprint)
    import events.material_views  # noqa: F401  (the public Materials page, files, speakers' uploads, likewise)
    import registration.manage  # noqa: F401  (likewise, on the registration blueprint)
    import registration.manage_categories  # noqa: F401  (participant categories, on the same blueprint)
    import registration.onsite  # noqa: F401  (badges, the check-in desk, certificates, on the same blueprint)
    import registration.walk_ins  # noqa: F401  (walk-ins at the check-in desk, on the same blueprint)
    import registration.people_views  # noqa: F401  (participants organisers add, import or edit, likewise)
    import registration.participation_views  # noqa: F401  (switching in person / online, likewise)
    import registration.online_views  # noqa: F401  (personal join links, likewise)
    import registration.online_manage  # noqa: F401  (the organisers' online participation page, likewise)
    import meetings.delegation_views  # noqa: F401  (delegations and focal points, on the meetings blueprint)
    import meetings.visa_views  # noqa: F401  (visa-support letters, on the meetings blueprint)
    import meetings.models  # noqa: F401  (its pages' modules import it too; the migrations need it either way)
    import meetings.list_views  # noqa: F401  (the list of participants, on the meetings blueprint)
    import showcase.lead_views  # noqa: F401  (the showcase blueprint's pages, one module per part of a fair)
    import showcase.manage  # noqa: F401
    import showcase.material_views  # noqa: F401
    import showcase.meeting_views  # noqa: F401
    import showcase.public  # noqa: F401
    import outcomes.answer_views  # noqa: F401  (the outcomes blueprint's pages, one module per part)
    import outcomes.constituency_views  # noqa: F401
    import outcomes.export_views  # noqa: F401
    import outcomes.report_views  # noqa: F401
    import outcomes.survey_views  # noqa: F401
    from outcomes.views import bp as outcomes_bp
    from accounts.views import bp as accounts_bp
    from core.views import bp as main_bp
    from events.api import bp as events_api_bp
    from events.views import bp as events_bp
    from registration.api import bp as registration_api_bp
    from meetings.views import bp as meetings_bp
    from registration.views import bp as registration_bp
    from showcase.views import bp as showcase_bp

    for blueprint in (main_bp, accounts_bp, events_bp, events_api_bp, registration_bp, registration_api_bp,
                      meetings_bp, showcase_bp, outcomes_bp):
        app.register_blueprint(blueprint)


ERROR_MESSAGES = {
    400: (_l("Bad request"), _l("The request could not be understood. Go back and try again.")),
    403: (_l("Not allowed"), _l("You do not have permission to see this page.")),
    404: (_l("Page not found"), _l("There is no page at this address. Check it, or start again from the home page.")),
    405: (_l("Not allowed"), _l("This page cannot be used that way.")),
    413: (_l("File too large"), _l("What you sent is larger than this site accepts.")),
    429: (_l("Too many attempts"), _l("Too many attempts in a short time. Wait a few minutes, then try again.")),
    500: (_l("Something went wrong"), _l("An unexpected error happened on our side. It has been logged; please try again later.")),
}


def register_errorhandlers(app: Flask) -> None:
    from flask_wtf.csrf import CSRFError

    def render_error(error):
        code = error.code if isinstance(error, HTTPException) else 500
        if code not in ERROR_MESSAGES:
            code = 500 if code >= 500 else 400
        if code == 500 and not isinstance(error, HTTPException):
            app.logger.exception("unhandled error on %s", request.path)
            db.session.rollback()
        if request.path.startswith("/api/"):
            return {"error": str(ERROR_MESSAGES[code][0])}, code
        title, message = ERROR_MESSAGES[code]
        try:
            return render_template("errors/error.html", code=code, title=title, message=message), code
        except Exception:  # the page itself needs what failed (the database, say): answer plainly
            app.logger.exception("could not render the %s page", code)
            return f"{title}\n\n{message}\n", code, {"Content-Type": "text/plain; charset=utf-8"}

    def csrf_error(error):
        title = _l("Form expired")
        message = _l("This form was open too long or came from another site. Go back, reload the page and send it again.")
        return render_template("errors/error.html", code=400, title=title, message=message), 400

    app.register_error_handler(CSRFError, csrf_error)
    app.register_error_handler(HTTPException, render_error)
    app.register_error_handler(Exception, render_error)


def register_commands(app: Flask) -> None:
    import accounts.commands  # noqa: F401  (registers its commands on the accounts blueprint)
    import core.commands  # noqa: F401  (registers its commands on the main blueprint)

    app.cli.add_command(demo_data)


@click.command("demo-data")
@with_appcontext
def demo_data():
    """Fill the database with believable demo content (idempotent; refused in production)."""
    from flask import current_app

    import accounts.demo
    import events.demo
    import events.demo_online
    import meetings.demo
    import outcomes.demo
    import registration.demo
    import registration.demo_online
    import showcase.demo

    if not current_app.config["ALLOW_DEMO_DATA"]:
        raise click.ClickException("demo data is never loaded in production")
    # Floor by floor, so that each package finds what it builds on.
    for package_demo in (accounts.demo, events.demo, events.demo_online, registration.demo,
                         registration.demo_online, meetings.demo, showcase.demo, outcomes.demo):
        for line in package_demo.load():
            click.echo(line)


def register_hooks(app: Flask) -> None:
    from accounts.services import load_user_from_session, save_locale, tell_administrators_of_stuck_job
    from core import jobs
    from core.signals import (account_deleting, exhibitor_consent_withdrawn, first_language_changed, job_stuck,
                              language_chosen, personal_data_requested)

    login_manager.user_loader(load_user_from_session)

    @language_chosen.connect_via(app, weak=False)
    def _save_language(sender, user, locale):
        save_locale(user, locale)

    # Each package answers for its own data when a person downloads theirs or deletes their account.
    import events.materials
    import events.services
    import meetings.privacy
    import outcomes.surveys
    import registration.privacy
    import showcase.services

    @personal_data_requested.connect_via(app, weak=False)
    def _personal_data(sender, user):
        return {**registration.privacy.personal_data(user), **showcase.services.personal_data(user),
                **outcomes.surveys.personal_data(user), **meetings.privacy.personal_data(user)}

    @account_deleting.connect_via(app, weak=False)
    def _before_deleting(sender, user):
        events.services.check_not_last_organiser(user)  # these two may refuse: before anything changes
        showcase.services.check_not_last_owner(user)
        events.materials.forget_user(user)  # the materials they added stay
        showcase.services.forget(user)  # finds leads through the registrations anonymise() unlinks: first
        outcomes.surveys.forget(user)  # the same: finds the survey invitations through the registrations
        meetings.privacy.forget(user)  # passport data, visa officers, focal points, nominations: before the same
        registration.privacy.anonymise(user)

    import showcase.leads

    @exhibitor_consent_withdrawn.connect_via(app, weak=False)
    def _consent_withdrawn(sender, registration):
        showcase.leads.forget_registration(registration)

    import registration.questions
    import showcase.booths

    @first_language_changed.connect_via(app, weak=False)
    def _first_language_changed(sender, event, old, new):
        registration.questions.move_first_language(event, old, new)
        outcomes.surveys.move_first_language(event, old, new)
        showcase.booths.move_first_language(event, old, new)

    @job_stuck.connect_via(app, weak=False)
    def _job_stuck(sender, job):
        tell_administrators_of_stuck_job(job)

    app.after_request(add_security_headers)
    app.after_request(vary_by_language)
    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.filters.update(multilingual.TEMPLATE_FILTERS)
    app.jinja_env.globals["language_groups"] = language_groups
    app.jinja_env.filters["machine_datetime"] = machine_datetime
    app.jinja_env.filters["printed_chart"] = printed_chart
    app.jinja_env.globals["note_errors_shown"] = note_errors_shown
    app.jinja_env.globals["language_tag"] = language_tag
    # Flask-Babel's filter formats English as American ("3/28/26, 9:00 AM"): ours writes the month in words.
    app.jinja_env.filters["datetimeformat"] = reader_datetime
    app.jinja_env.filters["utc_datetime"] = utc_datetime

    @app.context_processor
    def page_context():
        locale = str(get_locale())
        # current_locale is the catalogue's code ("zh_Hans"); lang= and hreflang= want language_tag's "zh-Hans".
        return {"current_locale": locale, "current_language_tag": language_tag(locale),
                "text_direction": text_direction(locale),
                "languages": app.config["LANGUAGES"], "country_name": country_name,
                "jobs_waiting_for_worker": jobs.waiting_for_worker}

    if app.config["TRUSTED_PROXIES"]:
        # Behind a proxy, the client's address and scheme come from its X-Forwarded-* headers
        # (log-in throttling counts per client address, links in e-mails use the scheme).
        count = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)
