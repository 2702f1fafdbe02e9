"""An event's dashboard."""
from flask import current_app, render_template, url_for

from events.permissions import ORGANISER, event_role
from outcomes import dashboard
from outcomes.views import bp

#: The downloads of the report, by endpoint (outcomes.export_views), and what each link says.
DOWNLOADS = (("outcomes.report_csv", "CSV"), ("outcomes.report_xlsx", "XLSX"), ("outcomes.report_pdf", "PDF"))


def downloads(event) -> list[tuple[str, str]]:
    """(label, address) of each download of the report that this installation serves."""
    return [(label, url_for(endpoint, slug=event.slug)) for endpoint, label in DOWNLOADS
            if endpoint in current_app.view_functions]


@bp.route("/events/<slug>/report")
@event_role(ORGANISER)
def event_report(event):
    return render_template("outcomes/dashboard.html", event=event, report=dashboard.event_report(event),
                           downloads=downloads(event))
