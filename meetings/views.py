"""The meetings blueprint: focal points' and delegation members' pages, visa-support letters and their
public verification page, and the list of participants.

Its routes live in meetings.delegation_views (focal points, members, the organiser's delegations),
meetings.visa_views (requests, letters, verification) and meetings.list_views (the list of participants).
"""
from flask import Blueprint

bp = Blueprint("meetings", __name__, cli_group="meetings")
