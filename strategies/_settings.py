"""Application settings bodies: WriteApplicationSettingsRequest.

Rules kept beyond the schema: quiet time is a window of two different HH:MM times of day
(ERRATA E14); limits are non-negative integers.
"""

from __future__ import annotations

from hypothesis import strategies as st

from pinpoint_strategies import _common as c
from pinpoint_strategies._campaigns import campaign_limits, quiet_time
from pinpoint_strategies._spec import Body, Reading


@st.composite
def _settings(draw: c.Draw) -> Body:
    name = "WriteApplicationSettingsRequest"
    body: Body = {}
    c.put(draw, body, name, "QuietTime", quiet_time())
    c.put(draw, body, name, "Limits", campaign_limits())
    return body


def write_application_settings(*, reading: Reading = "reference") -> st.SearchStrategy[Body]:
    """WriteApplicationSettingsRequest: default quiet time and limits (each maybe)."""
    return c.in_reading(_settings(), "WriteApplicationSettingsRequest", reading)
