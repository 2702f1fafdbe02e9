from flask import Blueprint

#: Showcase pages arrive with the showcase issue.
bp = Blueprint("showcase", __name__, url_prefix="/showcase", cli_group=None)
