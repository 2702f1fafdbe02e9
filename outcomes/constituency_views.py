"""The view across events: the constituency of engaged stakeholders and outcomes by kind of event."""
from flask import render_template, request, url_for
from flask_login import current_user

from core.permissions import role_required
from outcomes.constituency import Filters, report_for
from outcomes.constituency_forms import ConstituencyFilterForm
from outcomes.report_views import audience_links
from outcomes.tables import audience_of
from outcomes.views import bp

#: The downloads of the report (outcomes.export_views), each given the page's filters.
DOWNLOADS = (("outcomes.constituency_csv", "CSV"), ("outcomes.constituency_xlsx", "XLSX"),
             ("outcomes.constituency_pdf", "PDF"))


@bp.get("/reports")
@role_required("organiser")
def constituency():
    form = ConstituencyFilterForm(request.args)
    if not form.validate():
        return render_template("outcomes/constituency.html", form=form, report=None, downloads=[],
                               is_filtered=True), 400
    filters = {name: value for name, value in request.args.items() if name in form and value}
    # Internal by default: the events are the viewer's own (an administrator's: all of them).
    audience = audience_of(request.args.get("counts"))
    downloads = [(label, url_for(endpoint, **filters, counts=audience)) for endpoint, label in DOWNLOADS]
    return render_template("outcomes/constituency.html", form=form,
                           report=report_for(current_user, Filters(**form.values()), audience=audience),
                           downloads=downloads, is_filtered=bool(filters),
                           audiences=audience_links("outcomes.constituency", audience, **filters))
