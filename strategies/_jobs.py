"""Import job bodies: ImportJobRequest.

Rules kept beyond the schema: Format comes from the contract's list and the S3Url's file
ends in the matching extension (`.csv`, `.json`); the S3Url names a valid bucket; RoleArn
looks like an IAM role ARN; SegmentName is given only when the job defines a segment;
SegmentId only when the caller supplies ids of segments that exist. The reference's request
syntax spells `ExternalID` (ERRATA E11): that is the reference's reading; the service's is
`ExternalId`.
"""

from __future__ import annotations

import functools

from hypothesis import strategies as st

from pinpoint_strategies import _common as c
from pinpoint_strategies._spec import Body, Reading


@functools.lru_cache(maxsize=64)
def _segment_choice(
    segment_ids: st.SearchStrategy[str] | None,
) -> st.SearchStrategy[tuple[str, str]]:
    by_name = c.names().map(lambda name: ("SegmentName", name))
    if segment_ids is None:
        return by_name
    return by_name | segment_ids.map(lambda segment_id: ("SegmentId", segment_id))


@st.composite
def _import_job(draw: c.Draw, segment_ids: st.SearchStrategy[str] | None) -> Body:
    name = "ImportJobRequest"
    body: Body = {}
    fmt = draw(c.enum_values(name, "Format"))
    c.put(draw, body, name, "S3Url", c.s3_urls("." + str(fmt).lower()))
    c.put(draw, body, name, "RoleArn", c.role_arns())
    c.put(draw, body, name, "Format", st.just(fmt))
    c.put(draw, body, name, "ExternalID", c.guids())  # the reference's spelling (E11)
    c.put(draw, body, name, "RegisterEndpoints", c.BOOLEANS)
    c.put(draw, body, name, "DefineSegment", c.BOOLEANS)
    if body.get("DefineSegment"):
        # A new segment by name, or (given ids that exist) an existing one by id.
        member, value = draw(_segment_choice(segment_ids))
        body[member] = value
    return body


def import_job_request(
    *,
    segment_id: st.SearchStrategy[str] | None = None,
    reading: Reading = "reference",
) -> st.SearchStrategy[Body]:
    """ImportJobRequest: an S3 import job, Format and file extension agreeing."""
    return c.in_reading(_import_job(segment_id), "ImportJobRequest", reading)
