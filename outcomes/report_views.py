"""An event's dashboard."""
from flask import current_app, render_template, request, url_for

from events.permissions import ORGANISER, event_role
from outcomes import dashboard
from outcomes.tables import AUDIENCES, audience_of
from outcomes.views import bp

#: The downloads of the report, by endpoint (outcomes.export_views), and what each link says.
DOWNLOADS = (("outcomes.report_csv", "CSV"), ("outcomes.report_xlsx", "XLSX"), ("outcomes.report_pdf", "PDF"))


def downloads(event, audience: str) -> list[tuple[str, str]]:
    """(label, address) of each download of the report, for `audience`, that this installation serves."""
    return [(label, url_for(endpoint, slug=event.slug, counts=audience)) for endpoint, label in DOWNLOADS
            if endpoint in current_app.view_functions]


def audience_links(endpoint: str, audience: str, **values) -> list[tuple[str, str, bool]]:
    """(audience, address, is_current) for the switch between the internal and the publishable report."""
    return [(choice, url_for(endpoint, **values, counts=choice), choice == audience) for choice in AUDIENCES]


@bp.route("/events/<slug>/report")
@event_role(ORGANISER)
def event_report(event):
    # Internal by default: the page is the organisers', who see their participants by name anyway.
    audience = audience_of(request.args.get("counts"))
    return render_template("outcomes/dashboard.html", event=event, report=dashboard.event_report(event, audience),
                           downloads=downloads(event, audience),
                           audiences=audience_links("outcomes.event_report", audience, slug=event.slug))
