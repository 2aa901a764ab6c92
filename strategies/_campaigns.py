"""Campaign bodies: WriteCampaignRequest and everything it holds.

Rules kept beyond the schema: a schedule's EndTime is later than its StartTime; Timezone is
sent only with IsLocalTime true (it matters only then); quiet time is a window of two
different times of day; HoldoutPercent plus every additional treatment's SizePercent is at
most 100; a Message whose Action is URL has a Url (read from the schema's if/then); a Body
keeps to the reference's 140 characters.
"""

from __future__ import annotations

from datetime import timedelta

from hypothesis import strategies as st

from pinpoint_strategies import _common as c
from pinpoint_strategies import _spec
from pinpoint_strategies._spec import Body, Reading

#: The most additional treatments drawn by default (the reference states no limit).
MAX_TREATMENTS = 3


@st.composite
def _quiet_time(draw: c.Draw) -> Body:
    start = draw(c.times_of_day())
    end = draw(c.times_of_day().filter(lambda end: end != start))
    return {"Start": start, "End": end}


@c.cached
def quiet_time() -> st.SearchStrategy[Body]:
    """QuietTime: a daily window, Start and End two different HH:MM times of day."""
    return _quiet_time()


@c.cached
def _end_after() -> st.SearchStrategy[tuple[timedelta, int, bool]]:
    """How long after the start an EndTime falls, and the offset it is written with."""
    return st.tuples(c.durations(), c.utc_offsets(), c.BOOLEANS.map(lambda b: not b))


@st.composite
def _schedule(draw: c.Draw) -> Body:
    name = "Schedule"
    start = draw(c.instants())
    body: Body = {"StartTime": c.draw_rendered(draw, start)}
    end = c.maybe(draw, _end_after())
    if end is not None:  # x-rules: EndTime, when given, is later than StartTime
        duration, offset, zulu = end
        body["EndTime"] = c.render(start + duration, offset, zulu)
    c.put(draw, body, name, "Frequency", c.enum_values(name, "Frequency"))
    local = c.maybe(draw, c.BOOLEANS)
    if local is not None:
        body["IsLocalTime"] = local
        if local:  # "Timezone matters only when IsLocalTime is true"
            c.put(draw, body, name, "Timezone", c.enum_values(name, "Timezone"))
    c.put(draw, body, name, "QuietTime", quiet_time())
    return body


@c.cached
def schedule() -> st.SearchStrategy[Body]:
    """Schedule: RFC 3339 StartTime, a later EndTime maybe, Frequency and Timezone from lists."""
    return _schedule()


@c.cached
def titles() -> st.SearchStrategy[str]:
    """Notification titles: one to 40 characters, not blank."""
    return c.texts(40, min_size=1).filter(str.strip)


@st.composite
def _message(draw: c.Draw) -> Body:
    name = "Message"
    body: Body = {}
    c.put(draw, body, name, "Title", titles())
    c.put(draw, body, name, "Body", c.texts(_spec.reference_max_length(name, "Body")))
    c.put(draw, body, name, "ImageUrl", c.https_urls(".png"))
    c.put(draw, body, name, "ImageIconUrl", c.https_urls(".png"))
    c.put(draw, body, name, "Action", c.enum_values(name, "Action"))
    c.put(draw, body, name, "IncrementBadge", c.BOOLEANS)
    for when, value, needed in _spec.conditional_requirements(name):
        if body.get(when) == value:  # Action URL: a Url is needed
            for member in needed:
                body[member] = draw(c.https_urls())
    return body


@c.cached
def message() -> st.SearchStrategy[Body]:
    """Message: title, a body within 140 characters, images, Action, and Url when Action is URL."""
    return _message()


@st.composite
def _message_configuration(draw: c.Draw) -> Body:
    body: Body = {}
    for member in _spec.properties("MessageConfiguration"):
        c.put(draw, body, "MessageConfiguration", member, message())
    return body


@c.cached
def message_configuration() -> st.SearchStrategy[Body]:
    """MessageConfiguration: a default, APNS and GCM message, each maybe."""
    return _message_configuration()


@st.composite
def _campaign_limits(draw: c.Draw) -> Body:
    body: Body = {}
    for member in _spec.properties("CampaignLimits"):
        low, _ = _spec.bounds("CampaignLimits", member)
        c.put(draw, body, "CampaignLimits", member, st.integers(low, 100_000))
    return body


@c.cached
def campaign_limits() -> st.SearchStrategy[Body]:
    """CampaignLimits: Daily and Total caps, non-negative integers."""
    return _campaign_limits()


@st.composite
def _write_treatment(draw: c.Draw, max_size_percent: int | None) -> Body:
    name = "WriteTreatmentResource"
    low, high = _spec.bounds(name, "SizePercent")
    top = high if max_size_percent is None else max(low, min(high, max_size_percent))
    body: Body = {}
    c.put(draw, body, name, "TreatmentName", c.names())
    c.put(draw, body, name, "TreatmentDescription", c.texts(80))
    c.put(draw, body, name, "SizePercent", st.integers(low, top))
    c.put(draw, body, name, "MessageConfiguration", message_configuration())
    c.put(draw, body, name, "Schedule", schedule())
    return body


@c.cached
def write_treatment(max_size_percent: int | None = None) -> st.SearchStrategy[Body]:
    """WriteTreatmentResource: an A/B variant, SizePercent at most `max_size_percent`."""
    return _write_treatment(max_size_percent)


@st.composite
def _write_campaign(
    draw: c.Draw,
    segment_ids: st.SearchStrategy[str],
    segment_versions: st.SearchStrategy[int],
    max_treatments: int,
) -> Body:
    name = "WriteCampaignRequest"
    low, high = _spec.bounds(name, "HoldoutPercent")
    body: Body = {"SegmentId": draw(segment_ids)}
    c.put(draw, body, name, "Name", c.names())
    c.put(draw, body, name, "Description", c.texts(80))
    c.put(draw, body, name, "SegmentVersion", segment_versions)
    c.put(draw, body, name, "IsPaused", c.BOOLEANS)
    c.put(draw, body, name, "TreatmentName", c.names())
    c.put(draw, body, name, "TreatmentDescription", c.texts(80))
    c.put(draw, body, name, "MessageConfiguration", message_configuration())
    c.put(draw, body, name, "Schedule", schedule())
    c.put(draw, body, name, "Limits", campaign_limits())
    c.put(draw, body, name, "HoldoutPercent", st.integers(low, high))
    treatments = c.maybe(draw, _treatment_lists(max_treatments)) if max_treatments else None
    if treatments is not None:
        # x-rules: HoldoutPercent plus every SizePercent is at most 100 (the Percent maximum)
        budget = high - body.get("HoldoutPercent", low)
        body["AdditionalTreatments"] = within_budget(treatments, budget)
    return body


@c.cached
def _treatment_lists(max_treatments: int) -> st.SearchStrategy[list[Body]]:
    return st.lists(write_treatment(), min_size=1, max_size=max_treatments)


def within_budget(treatments: list[Body], budget: int) -> list[Body]:
    """The treatments with each SizePercent cut so that together they take at most `budget`."""
    for treatment in treatments:
        treatment["SizePercent"] = min(treatment["SizePercent"], budget)
        budget -= treatment["SizePercent"]
    return treatments


def write_campaign(
    *,
    segment_id: st.SearchStrategy[str] | None = None,
    segment_version: st.SearchStrategy[int] | None = None,
    max_treatments: int = MAX_TREATMENTS,
    reading: Reading = "reference",
) -> st.SearchStrategy[Body]:
    """WriteCampaignRequest: a campaign body valid beyond the schema (see docs/strategies.md)."""
    _spec.check_reading(reading)
    if max_treatments < 0:
        raise ValueError(f"max_treatments must be at least 0, not {max_treatments}")
    low, _ = _spec.bounds("WriteCampaignRequest", "SegmentVersion")
    strategy = _write_campaign(
        segment_id if segment_id is not None else c.hex_ids(),
        # Version 1 exists for every segment; a later one only if the caller knows it does.
        segment_version if segment_version is not None else st.just(low),
        max_treatments,
    )
    return c.in_reading(strategy, "WriteCampaignRequest", reading)
