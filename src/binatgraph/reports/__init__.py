"""Reading CBI reports: file → text → items (see :mod:`.parse` for the layouts understood)."""

from binatgraph.reports.parse import ParsedItem, ParsedReport, parse_report
from binatgraph.reports.text import ReportReadError, read_report_text

__all__ = ["ParsedItem", "ParsedReport", "ReportReadError", "parse_report", "read_report_text"]
