from flask import Blueprint

#: Events and programme pages arrive with the events issue; the blueprint exists so the URL space is reserved.
bp = Blueprint("events", __name__, url_prefix="/events", cli_group=None)
