"""The downloads of a report: CSV (streamed), XLSX and the PDF report."""
from outcomes.views import bp  # noqa: F401
