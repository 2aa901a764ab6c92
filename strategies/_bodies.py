"""The request bodies with a strategy, by the name of their schema in the contract."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st

from pinpoint_strategies import (
    _apps,
    _campaigns,
    _channels,
    _endpoints,
    _jobs,
    _segments,
    _settings,
    _spec,
    _streams,
)
from pinpoint_strategies._spec import Body, Reading

#: schema name -> the public strategy for it (every one takes `reading=`).
VALID: dict[str, Callable[..., st.SearchStrategy[Body]]] = {
    "WriteCampaignRequest": _campaigns.write_campaign,
    "WriteSegmentRequest": _segments.write_segment,
    "EndpointRequest": _endpoints.endpoint_request,
    "EndpointBatchRequest": _endpoints.endpoint_batch_request,
    "WriteEventStream": _streams.write_event_stream,
    "ImportJobRequest": _jobs.import_job_request,
    "WriteApplicationSettingsRequest": _settings.write_application_settings,
    "APNSChannelRequest": _channels.apns_channel_request,
    "GCMChannelRequest": _channels.gcm_channel_request,
    "CreateApplicationRequest": _apps.create_application_request,
}
REQUEST_SCHEMAS: tuple[str, ...] = tuple(VALID)


def valid_body(
    schema_name: str, *, reading: Reading = "reference", **options: Any
) -> st.SearchStrategy[Body]:
    """Valid bodies of a request schema by name (`valid_body("WriteCampaignRequest")`)."""
    _spec.check_reading(reading)
    if schema_name not in VALID:
        raise ValueError(f"no strategy for {schema_name!r}; one of {REQUEST_SCHEMAS}")
    return VALID[schema_name](reading=reading, **options)
