"""Endpoint bodies: EndpointRequest, EndpointBatchItem and EndpointBatchRequest.

Rules kept beyond the schema: Address is present unless OptOut is ALL (the contract's
`x-rules`, ERRATA E08); the Address looks like a device token of the ChannelType (64 hex
digits for APNS, a registration token for GCM); Latitude and Longitude are within the
contract's bounds; Country is ISO 3166-1 alpha-2, Locale language_COUNTRY, Timezone a tz
name; a batch holds at most the service's 100 items (`maxItems`), with distinct ids.
"""

from __future__ import annotations

import re
from typing import Any

from hypothesis import strategies as st

from pinpoint_strategies import _common as c
from pinpoint_strategies import _spec
from pinpoint_strategies._spec import Body, Reading

#: Items per batch drawn by default (the contract allows up to `maxItems`, 100).
DEFAULT_BATCH_SIZE = 10
ADDRESS_RULE = "Address is needed unless OptOut is ALL"


def address_exempt_values() -> tuple[str, ...]:
    """The OptOut values under which Address may be left out, read from the contract's rule
    text (`Address is needed unless OptOut is ALL`)."""
    text = next(rule for rule in _spec.rules("EndpointRequest") if rule.startswith(ADDRESS_RULE))
    return tuple(
        value
        for value in _spec.schema_enum("EndpointRequest", "OptOut")
        if re.search(rf"\b{re.escape(value)}\b", text)
    )


@c.cached
def apns_tokens() -> st.SearchStrategy[str]:
    """APNS device tokens: 64 lower-case hex digits."""
    return c.hex_ids(64)


@c.cached
def gcm_tokens() -> st.SearchStrategy[str]:
    """GCM/FCM registration tokens: an instance id, `:APA91b`, then the token proper."""
    return st.builds(
        lambda instance, token: f"{instance}:APA91b{token}",
        st.text(alphabet=c.TOKEN_ALPHABET, min_size=11, max_size=11),
        st.text(alphabet=c.TOKEN_ALPHABET, min_size=134, max_size=134),
    )


@c.cached
def addresses(channel_type: str | None = None) -> st.SearchStrategy[str]:
    """An Address for the channel type: APNS token, GCM token, or either when unknown."""
    if channel_type is not None and channel_type.startswith("APNS"):
        return apns_tokens()
    if channel_type == "GCM":
        return gcm_tokens()
    return apns_tokens() | gcm_tokens()


#: Drawn for a member of a real place: left out, the place's own value, or another.
ABSENT, PLACE = object(), object()


@c.cached
def _place_or(member: str, other: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.sampled_from((ABSENT, PLACE)) | other


@st.composite
def _location(draw: c.Draw) -> Body:
    name = "EndpointLocation"
    city, region, country, postal, latitude, longitude = draw(c.places())
    own = {"Latitude": latitude, "Longitude": longitude, "Country": country}
    body: Body = {}
    # Absent first, then the real place's value, then anywhere within the contract's bounds.
    for member in ("Latitude", "Longitude"):
        low, high = _spec.bounds(name, member)
        _place_member(draw, body, member, own[member], _place_or(member, st.floats(low, high)))
    c.put_value(draw, body, name, "PostalCode", postal)
    c.put_value(draw, body, name, "City", city)
    c.put_value(draw, body, name, "Region", region)
    _place_member(draw, body, "Country", country, _place_or("Country", c.country_codes()))
    return body


def _place_member(
    draw: c.Draw, body: Body, member: str, own: Any, choice: st.SearchStrategy[Any]
) -> None:
    value = draw(choice)
    if value is not ABSENT:
        body[member] = own if value is PLACE else value


@c.cached
def endpoint_location() -> st.SearchStrategy[Body]:
    """EndpointLocation: a real place's members (maybe), coordinates within range."""
    return _location()


@st.composite
def _demographic(draw: c.Draw) -> Body:
    name = "EndpointDemographic"
    make, model, model_version, platform, platform_version = draw(c.devices())
    body: Body = {}
    c.put_value(draw, body, name, "Make", make)
    c.put_value(draw, body, name, "Model", model)
    c.put_value(draw, body, name, "ModelVersion", model_version)
    c.put(draw, body, name, "Timezone", c.tz_names())
    c.put(draw, body, name, "Locale", c.locales())
    c.put(draw, body, name, "AppVersion", c.app_versions())
    c.put_value(draw, body, name, "Platform", platform)
    c.put_value(draw, body, name, "PlatformVersion", platform_version)
    return body


@c.cached
def endpoint_demographic() -> st.SearchStrategy[Body]:
    """EndpointDemographic: a real device, tz name, language_COUNTRY locale (each maybe)."""
    return _demographic()


@c.cached
def endpoint_attributes() -> st.SearchStrategy[dict[str, list[str]]]:
    """EndpointAttributes: custom attribute name to one to three values."""
    return st.dictionaries(
        c.attribute_names(),
        st.lists(c.names(16), min_size=1, max_size=3, unique=True),
        min_size=1,
        max_size=3,
    )


@c.cached
def endpoint_metrics() -> st.SearchStrategy[dict[str, float | int]]:
    """EndpointMetrics: custom metric name to a finite number."""
    number = st.integers(0, 100_000) | st.floats(
        -1e6, 1e6, allow_nan=False, allow_infinity=False
    ).map(lambda value: round(value, 3))
    return st.dictionaries(c.attribute_names(), number, min_size=1, max_size=3)


@c.cached
def user_ids() -> st.SearchStrategy[str]:
    """User ids: GUIDs or short names."""
    return c.guids() | c.names()


@st.composite
def _user(draw: c.Draw) -> Body:
    name = "EndpointUser"
    body: Body = {}
    c.put(draw, body, name, "UserId", user_ids())
    c.put(draw, body, name, "UserAttributes", endpoint_attributes())
    return body


@c.cached
def endpoint_user() -> st.SearchStrategy[Body]:
    """EndpointUser: a user id and custom user attributes (each maybe)."""
    return _user()


@st.composite
def _endpoint(draw: c.Draw, name: str, ids: st.SearchStrategy[str] | None) -> Body:
    body: Body = {}
    if ids is not None:
        body["Id"] = draw(ids)
    c.put(draw, body, name, "ChannelType", c.enum_values(name, "ChannelType"))
    c.put(draw, body, name, "OptOut", c.enum_values(name, "OptOut"))
    # x-rules (ERRATA E08): Address is needed unless OptOut is ALL.
    if body.get("OptOut") in address_exempt_values():
        c.put(draw, body, name, "Address", addresses(body.get("ChannelType")))
    else:
        body["Address"] = draw(addresses(body.get("ChannelType")))
    c.put(draw, body, name, "Status", c.enum_values(name, "Status"))
    c.put(draw, body, name, "RequestId", c.guids())
    c.put(draw, body, name, "Location", endpoint_location())
    c.put(draw, body, name, "Demographic", endpoint_demographic())
    c.put(draw, body, name, "EffectiveDate", c.date_times())
    c.put(draw, body, name, "Attributes", endpoint_attributes())
    c.put(draw, body, name, "Metrics", endpoint_metrics())
    c.put(draw, body, name, "User", endpoint_user())
    return body


def endpoint_request(*, reading: Reading = "reference") -> st.SearchStrategy[Body]:
    """EndpointRequest: one endpoint (its id goes in the URI), valid beyond the schema."""
    return c.in_reading(_endpoint("EndpointRequest", None), "EndpointRequest", reading)


def endpoint_batch_item(
    *, ids: st.SearchStrategy[str] | None = None, reading: Reading = "reference"
) -> st.SearchStrategy[Body]:
    """EndpointBatchItem: one endpoint of a batch, naming its own Id (a GUID by default)."""
    strategy = _endpoint("EndpointBatchItem", ids if ids is not None else c.guids())
    return c.in_reading(strategy, "EndpointBatchItem", reading)


def endpoint_batch_request(
    *,
    min_items: int = 1,
    max_items: int = DEFAULT_BATCH_SIZE,
    ids: st.SearchStrategy[str] | None = None,
    reading: Reading = "reference",
) -> st.SearchStrategy[Body]:
    """EndpointBatchRequest: 1 to `max_items` (at most the contract's 100) distinct endpoints."""
    name = "EndpointBatchRequest"
    low, high = _spec.min_items(name, "Item"), _spec.max_items(name, "Item")
    if not low <= min_items <= max_items <= high:
        raise ValueError(f"need {low} <= min_items <= max_items <= {high}")
    items = st.lists(
        endpoint_batch_item(ids=ids),
        min_size=min_items,
        max_size=max_items,
        unique_by=lambda item: item["Id"],
    )
    return c.in_reading(items.map(lambda item: {"Item": item}), name, reading)
