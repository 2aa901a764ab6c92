"""Hypothesis strategies for the request bodies of the Amazon Pinpoint REST API (2017
reference), valid beyond the schema, and invalid variants that each break one named rule.

    from pinpoint_strategies import write_campaign, invalid_write_campaign

Everything the contract states (enums, patterns, bounds, required members, `x-rules`,
`x-alias-of`) is read from `spec/openapi.yaml` through `pinpoint_conformance.contract`; see
docs/strategies.md for what each strategy generates and the catalogue of invalid rules.
"""

from pinpoint_strategies._apps import create_application_request, tags
from pinpoint_strategies._bodies import REQUEST_SCHEMAS, valid_body
from pinpoint_strategies._campaigns import (
    campaign_limits,
    message,
    message_configuration,
    quiet_time,
    schedule,
    write_campaign,
    write_treatment,
)
from pinpoint_strategies._channels import api_keys, apns_channel_request, gcm_channel_request
from pinpoint_strategies._common import (
    country_codes,
    date_times,
    guids,
    hex_ids,
    locales,
    role_arns,
    s3_urls,
    stream_arns,
    times_of_day,
    tz_names,
)
from pinpoint_strategies._endpoints import (
    endpoint_batch_item,
    endpoint_batch_request,
    endpoint_demographic,
    endpoint_location,
    endpoint_request,
    endpoint_user,
)
from pinpoint_strategies._invalid import (
    Invalid,
    component_rule,
    invalid_apns_channel_request,
    invalid_body,
    invalid_create_application_request,
    invalid_endpoint_batch_request,
    invalid_endpoint_request,
    invalid_gcm_channel_request,
    invalid_import_job_request,
    invalid_rules,
    invalid_write_application_settings,
    invalid_write_campaign,
    invalid_write_event_stream,
    invalid_write_segment,
    rule_catalogue,
)
from pinpoint_strategies._jobs import import_job_request
from pinpoint_strategies._rules import Violation, semantic_violations
from pinpoint_strategies._segments import (
    segment_dimensions,
    set_dimension,
    write_segment,
)
from pinpoint_strategies._settings import write_application_settings
from pinpoint_strategies._spec import Reading, to_service_reading
from pinpoint_strategies._streams import write_event_stream

__all__ = [
    "REQUEST_SCHEMAS",
    "Invalid",
    "Reading",
    "Violation",
    "api_keys",
    "apns_channel_request",
    "campaign_limits",
    "component_rule",
    "country_codes",
    "create_application_request",
    "date_times",
    "endpoint_batch_item",
    "endpoint_batch_request",
    "endpoint_demographic",
    "endpoint_location",
    "endpoint_request",
    "endpoint_user",
    "gcm_channel_request",
    "guids",
    "hex_ids",
    "import_job_request",
    "invalid_apns_channel_request",
    "invalid_body",
    "invalid_create_application_request",
    "invalid_endpoint_batch_request",
    "invalid_endpoint_request",
    "invalid_gcm_channel_request",
    "invalid_import_job_request",
    "invalid_rules",
    "invalid_write_application_settings",
    "invalid_write_campaign",
    "invalid_write_event_stream",
    "invalid_write_segment",
    "locales",
    "message",
    "message_configuration",
    "quiet_time",
    "role_arns",
    "rule_catalogue",
    "s3_urls",
    "schedule",
    "segment_dimensions",
    "semantic_violations",
    "set_dimension",
    "stream_arns",
    "tags",
    "times_of_day",
    "to_service_reading",
    "tz_names",
    "valid_body",
    "write_application_settings",
    "write_campaign",
    "write_event_stream",
    "write_segment",
    "write_treatment",
]
