"""Import job bodies: ImportJobRequest.

Rules kept beyond the schema: Format comes from the contract's list and the S3Url's file
ends in the matching extension (`.csv`, `.json`); the S3Url names a valid bucket; RoleArn
looks like an IAM role ARN; SegmentName is given only when the job defines a segment;
SegmentId only when the caller supplies ids of segments that exist. The reference's request
syntax spells `ExternalID` (ERRATA E11): that is the reference's reading; the service's is
`ExternalId`.
"""

from __future__ import annotations

from hypothesis import strategies as st

from strategies import _common as c
from strategies._spec import Body, Reading


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
        if segment_ids is not None and draw(c.BOOLEANS):
            body["SegmentId"] = draw(segment_ids)  # update an existing segment
        else:
            body["SegmentName"] = draw(c.names())  # define a new one
    return body


def import_job_request(
    *,
    segment_id: st.SearchStrategy[str] | None = None,
    reading: Reading = "reference",
) -> st.SearchStrategy[Body]:
    """ImportJobRequest: an S3 import job, Format and file extension agreeing."""
    return c.in_reading(_import_job(segment_id), "ImportJobRequest", reading)
