"""Reading sources: file → text → items. CBI reports (:mod:`.parse` lists the layouts understood), single
documents such as readouts and news (:mod:`.document`), and the CBI's institutional repository
(:mod:`.repository`); :func:`parse_source` picks the reader (:mod:`.source`)."""

from binatgraph.reports.parse import ParsedItem, ParsedReport, parse_report
from binatgraph.reports.source import SourceKind, detect_kind, parse_source
from binatgraph.reports.text import ReportReadError, read_report_text

__all__ = [
    "ParsedItem",
    "ParsedReport",
    "ReportReadError",
    "SourceKind",
    "detect_kind",
    "parse_report",
    "parse_source",
    "read_report_text",
]
