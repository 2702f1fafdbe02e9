from flask import Blueprint

#: Registration pages arrive with the registration issue.
bp = Blueprint("registration", __name__, url_prefix="/registration", cli_group=None)
