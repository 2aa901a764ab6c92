"""Segment bodies: WriteSegmentRequest and its dimensions.

Rules kept beyond the schema: every dimension has at least one value and no value twice;
demographic values are real platforms, makes, models and versions; location values are ISO
3166-1 alpha-2 codes; dimension Type, AttributeType, recency Type and Duration come from the
contract's lists (the reference's own where it keeps one).
"""

from __future__ import annotations

from hypothesis import strategies as st

from pinpoint_strategies import _common as c
from pinpoint_strategies import _spec
from pinpoint_strategies._spec import Body, Reading

#: Realistic values per SegmentDemographics member; a member not listed gets short names.
DEMOGRAPHIC_VALUES: dict[str, tuple[str, ...]] = {
    "Platform": c.PLATFORMS,
    "DeviceType": ("phone", "tablet"),
    "AppVersion": c.APP_VERSIONS,
    "Make": tuple(dict.fromkeys(device[0] for device in c.DEVICES)),
    "Model": tuple(dict.fromkeys(device[1] for device in c.DEVICES)),
}


@c.cached
def _values(values: st.SearchStrategy[str]) -> st.SearchStrategy[list[str]]:
    return st.lists(values, min_size=1, max_size=3, unique=True)


@st.composite
def _set_dimension(draw: c.Draw, values: st.SearchStrategy[str]) -> Body:
    name = "SetDimension"
    body: Body = {}
    c.put(draw, body, name, "Type", c.enum_values(name, "Type"))
    c.put(draw, body, name, "Values", _values(values))
    return body


def set_dimension(values: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[Body]:
    """SetDimension: INCLUSIVE or EXCLUSIVE (maybe) of one to three distinct values."""
    return _set_dimension(values if values is not None else c.names(12))


@st.composite
def _recency(draw: c.Draw) -> Body:
    name = "RecencyDimension"
    body: Body = {}
    for member in _spec.properties(name):
        if not _spec.is_alias(name, member):
            c.put(draw, body, name, member, c.enum_values(name, member))
    return body


@c.cached
def recency_dimension() -> st.SearchStrategy[Body]:
    """RecencyDimension: ACTIVE or INACTIVE within a Duration from the contract's list."""
    return _recency()


@st.composite
def _attribute_dimension(draw: c.Draw) -> Body:
    name = "AttributeDimension"
    body: Body = {}
    c.put(draw, body, name, "AttributeType", c.enum_values(name, "AttributeType"))
    c.put(draw, body, name, "Values", _values(c.names(12)))
    return body


@c.cached
def attribute_dimension() -> st.SearchStrategy[Body]:
    """AttributeDimension: a custom attribute criterion, INCLUSIVE or EXCLUSIVE (maybe)."""
    return _attribute_dimension()


@c.cached
def _demographic_dimension(member: str) -> st.SearchStrategy[Body]:
    known = DEMOGRAPHIC_VALUES.get(member)
    return set_dimension(st.sampled_from(known) if known else c.names(12))


@st.composite
def _demographics(draw: c.Draw) -> Body:
    name = "SegmentDemographics"
    body: Body = {}
    for member in _spec.properties(name):
        c.put(draw, body, name, member, _demographic_dimension(member))
    return body


@c.cached
def segment_demographics() -> st.SearchStrategy[Body]:
    """SegmentDemographics: platform, device type, app version, make, model (each maybe)."""
    return _demographics()


@c.cached
def _countries() -> st.SearchStrategy[Body]:
    return set_dimension(c.country_codes())


@st.composite
def _location(draw: c.Draw) -> Body:
    body: Body = {}
    c.put(draw, body, "SegmentLocation", "Country", _countries())
    return body


@c.cached
def segment_location() -> st.SearchStrategy[Body]:
    """SegmentLocation: a Country set of ISO 3166-1 alpha-2 codes (maybe)."""
    return _location()


@st.composite
def _behaviors(draw: c.Draw) -> Body:
    body: Body = {}
    c.put(draw, body, "SegmentBehaviors", "Recency", recency_dimension())
    return body


@c.cached
def segment_behaviors() -> st.SearchStrategy[Body]:
    """SegmentBehaviors: a Recency criterion (maybe)."""
    return _behaviors()


@c.cached
def segment_attributes() -> st.SearchStrategy[Body]:
    """SegmentAttributes: custom attribute name to criterion, one to three entries."""
    return st.dictionaries(c.attribute_names(), attribute_dimension(), min_size=1, max_size=3)


@st.composite
def _dimensions(draw: c.Draw) -> Body:
    name = "SegmentDimensions"
    body: Body = {}
    c.put(draw, body, name, "Demographic", segment_demographics())
    c.put(draw, body, name, "Location", segment_location())
    c.put(draw, body, name, "Behavior", segment_behaviors())
    c.put(draw, body, name, "Attributes", segment_attributes())
    return body


@c.cached
def segment_dimensions() -> st.SearchStrategy[Body]:
    """SegmentDimensions: demographic, location, behaviour and attribute criteria (each maybe)."""
    return _dimensions()


@st.composite
def _write_segment(draw: c.Draw) -> Body:
    name = "WriteSegmentRequest"
    body: Body = {}
    c.put(draw, body, name, "Name", c.names())
    c.put(draw, body, name, "Dimensions", segment_dimensions())
    return body


def write_segment(*, reading: Reading = "reference") -> st.SearchStrategy[Body]:
    """WriteSegmentRequest: a dimensional segment body valid beyond the schema."""
    return c.in_reading(_write_segment(), "WriteSegmentRequest", reading)
