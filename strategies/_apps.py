"""Application bodies: CreateApplicationRequest (service model; not in the reference).

Rules kept beyond the schema: Name is a short, non-blank display name; tag keys and values
follow AWS tagging rules (keys 1 to 128 characters not starting with `aws:`).
"""

from __future__ import annotations

import string

from hypothesis import strategies as st

from pinpoint_strategies import _common as c
from pinpoint_strategies._spec import Body, Reading

TAG_KEYS: tuple[str, ...] = ("team", "env", "project", "owner", "cost-center", "Name")
TAG_ALPHABET = string.ascii_letters + string.digits + " _.:/=+-@"


@c.cached
def tags() -> st.SearchStrategy[dict[str, str]]:
    """AWS resource tags: one to three keys, values of up to 32 tag characters."""
    keys = st.sampled_from(TAG_KEYS) | st.text(alphabet=TAG_ALPHABET, min_size=1, max_size=32)
    return st.dictionaries(
        keys.filter(lambda key: not key.lower().startswith("aws:")),
        st.text(alphabet=TAG_ALPHABET, max_size=32),
        min_size=1,
        max_size=3,
    )


@st.composite
def _create_application(draw: c.Draw) -> Body:
    name = "CreateApplicationRequest"
    body: Body = {}
    c.put(draw, body, name, "Name", c.names())
    c.put(draw, body, name, "tags", tags())
    return body


def create_application_request(*, reading: Reading = "reference") -> st.SearchStrategy[Body]:
    """CreateApplicationRequest: an application Name and maybe tags."""
    return c.in_reading(_create_application(), "CreateApplicationRequest", reading)
