"""The downloads of a report: CSV (streamed), XLSX and the PDF report, for an event's dashboard and for the
view across events. Each is built from the same Report as its page, so the numbers are the page's."""
from flask import Response, render_template, request, stream_with_context
from flask_babel import gettext as _
from flask_login import current_user

from core.permissions import role_required
from events.permissions import ORGANISER, event_role
from outcomes import exports
from outcomes.constituency import BadFilters, constituency_report
from outcomes.dashboard import event_report
from outcomes.tables import audience_of
from outcomes.views import bp

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download(body, mimetype: str, filename: str) -> Response:
    """A file to save, not to show; kept by no cache on the way: it tells who came to an event."""
    response = Response(body, mimetype=mimetype)
    response.headers.set("Content-Disposition", "attachment", filename=filename)
    response.headers["Cache-Control"] = "private, no-store"
    return response


def csv_download(report) -> Response:
    return download(stream_with_context(exports.csv_rows(report)), "text/csv", report.filename + ".csv")


def xlsx_download(report) -> Response:
    return download(exports.xlsx_bytes(report), XLSX, report.filename + ".xlsx")


def pdf_download(report, event=None) -> Response:
    return download(exports.report_pdf(report, event), "application/pdf", report.filename + ".pdf")


@bp.get("/events/<slug>/report.csv")
@event_role(ORGANISER)
def report_csv(event):
    return csv_download(event_report(event, audience_of(request.args.get("counts"))))


@bp.get("/events/<slug>/report.xlsx")
@event_role(ORGANISER)
def report_xlsx(event):
    return xlsx_download(event_report(event, audience_of(request.args.get("counts"))))


@bp.get("/events/<slug>/report.pdf")
@event_role(ORGANISER)
def report_pdf(event):
    return pdf_download(event_report(event, audience_of(request.args.get("counts"))), event)


def constituency_download(make):
    """`make(report)` of the view across events, with the filters of the address; 400 when they cannot be read."""
    try:
        report = constituency_report(current_user, request.args)
    except BadFilters as problem:
        return render_template("errors/error.html", code=400, title=_("These filters cannot be used"),
                               message=_("Nothing was downloaded: %(problems)s Change the filters on the report's "
                                         "page and download again.", problems=str(problem))), 400
    return make(report)


@bp.get("/reports/constituency.csv")
@role_required("organiser")
def constituency_csv():
    return constituency_download(csv_download)


@bp.get("/reports/constituency.xlsx")
@role_required("organiser")
def constituency_xlsx():
    return constituency_download(xlsx_download)


@bp.get("/reports/constituency.pdf")
@role_required("organiser")
def constituency_pdf():
    return constituency_download(pdf_download)
