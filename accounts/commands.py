"""`flask create-admin` and `flask set-role`, on the accounts blueprint."""
import click
from flask_babel import force_locale

from accounts import services
from accounts.forms import MIN_PASSWORD_LENGTH
from accounts.models import ROLES
from accounts.views import bp


@bp.cli.command("create-admin")
@click.option("--email", prompt=True)
@click.option("--name", "full_name", prompt="Full name", default="Administrator")
@click.password_option()
def create_admin(email, full_name, password):
    """Create an administrator (or make an existing account one)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise click.BadParameter(f"use at least {MIN_PASSWORD_LENGTH} characters", param_hint="password")
    if "@" not in email:
        raise click.BadParameter("not an e-mail address", param_hint="email")
    with force_locale("en"):
        user = services.create_admin(email, password, full_name)
    click.echo(f"{user.email} is an administrator.")


@bp.cli.command("set-role")
@click.argument("email")
@click.argument("role", type=click.Choice(sorted(ROLES)))
@click.option("--revoke", is_flag=True, help="Take the role away instead of giving it.")
def set_role(email, role, revoke):
    """Give ROLE to the account with EMAIL (or take it away with --revoke)."""
    user = services.find_user_by_email(email)
    if user is None:
        raise click.ClickException(f"no account uses {email}")
    services.set_role(user, role, not revoke)
    click.echo(f"{user.email}: {', '.join(sorted(user.role_names))}")
