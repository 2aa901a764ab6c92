"""Event stream bodies: WriteEventStream.

Rules kept beyond the schema: RoleArn is an IAM role ARN and DestinationStreamArn a Kinesis
stream or Firehose delivery stream ARN, both in the same account; the reference's reading may
carry ExternalId (the service's has only the two ARNs, ERRATA E13); ApplicationId, ignored by
the service, is sent only when the caller supplies application ids.
"""

from __future__ import annotations

from hypothesis import strategies as st

from pinpoint_strategies import _common as c
from pinpoint_strategies import _spec
from pinpoint_strategies._spec import Body, Reading


@st.composite
def _event_stream(
    draw: c.Draw, application_ids: st.SearchStrategy[str] | None, reading: Reading
) -> Body:
    name = "WriteEventStream"
    account = draw(c.account_ids())
    body: Body = {}
    if application_ids is not None:
        c.put(draw, body, name, "ApplicationId", application_ids)
    c.put(draw, body, name, "RoleArn", c.role_arns(st.just(account)))
    if reading == "reference":
        c.put(draw, body, name, "ExternalId", c.guids())
    c.put(draw, body, name, "DestinationStreamArn", c.stream_arns(st.just(account)))
    return body


def write_event_stream(
    *,
    application_id: st.SearchStrategy[str] | None = None,
    reading: Reading = "reference",
) -> st.SearchStrategy[Body]:
    """WriteEventStream: a role ARN and a Kinesis or Firehose ARN of one account."""
    _spec.check_reading(reading)
    return c.in_reading(_event_stream(application_id, reading), "WriteEventStream", reading)
