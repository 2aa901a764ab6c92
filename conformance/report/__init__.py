"""Render a `RunReport`: terminal matrix, JSON (``pinpoint-conformance-report/1``), markdown.

Every rendering redacts credentials (see `redact_headers`, `redact_body`); `to_curl` gives a
command that replays a finding's request.
"""

from pinpoint_conformance.report._curl import CURL_NOTE, redact_body, redact_headers, to_curl
from pinpoint_conformance.report._json import FORMAT, SCHEMA_PATH, to_json, write_json
from pinpoint_conformance.report._markdown import render_markdown, write_markdown
from pinpoint_conformance.report._matrix import FAMILIES, cell_status, matrix, render_terminal

__all__ = [
    "CURL_NOTE",
    "FAMILIES",
    "FORMAT",
    "SCHEMA_PATH",
    "cell_status",
    "matrix",
    "redact_body",
    "redact_headers",
    "render_markdown",
    "render_terminal",
    "to_curl",
    "to_json",
    "write_json",
    "write_markdown",
]
