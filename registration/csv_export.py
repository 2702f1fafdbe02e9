"""The participant list as CSV, written row by row as the rows are read (streamed)."""
import csv
import io

from core.vocabularies import STAKEHOLDER_GROUPS, country_name
from registration.models import GENDERS, STATUSES
from registration.services import participants_for_export

COLUMNS = ["full_name", "email", "organisation", "job_title", "stakeholder_group", "country", "gender",
           "accessibility_needs", "dietary_requirements", "status", "registered_at"]


def _safe(value) -> str:
    """A cell a spreadsheet shows as text: one starting with = + - @ would run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def participant_rows(event):
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def flush() -> str:
        data = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return data

    yield "\ufeff"  # so that spreadsheet programs read the names (any script) as UTF-8
    writer.writerow(COLUMNS)
    yield flush()
    for registration in participants_for_export(event):
        writer.writerow([_safe(value) for value in (
            registration.full_name, registration.email, registration.organisation, registration.job_title,
            STAKEHOLDER_GROUPS.get(registration.stakeholder_group, ""), country_name(registration.country),
            GENDERS.get(registration.gender, ""), registration.accessibility_needs, registration.dietary_requirements,
            STATUSES[registration.status], registration.created_at.isoformat(timespec="seconds"))])
        yield flush()
