"""Channel bodies: APNSChannelRequest and GCMChannelRequest.

Rules kept beyond the schema: the APNS Certificate and PrivateKey are PEM blocks (what Apple
issues and the reference asks for); the GCM ApiKey has the shape of a Google API key.
"""

from __future__ import annotations

from hypothesis import strategies as st

from pinpoint_strategies import _common as c
from pinpoint_strategies._spec import Body, Reading


@st.composite
def _apns(draw: c.Draw) -> Body:
    name = "APNSChannelRequest"
    body: Body = {}
    c.put(draw, body, name, "Certificate", c.pem("CERTIFICATE"))
    c.put(draw, body, name, "PrivateKey", c.pem("PRIVATE KEY"))
    return body


def apns_channel_request(*, reading: Reading = "reference") -> st.SearchStrategy[Body]:
    """APNSChannelRequest: a PEM certificate and its PEM private key."""
    return c.in_reading(_apns(), "APNSChannelRequest", reading)


@c.cached
def api_keys() -> st.SearchStrategy[str]:
    """Google API keys: `AIza` and 35 letters, digits, `-` or `_`."""
    return st.text(alphabet=c.TOKEN_ALPHABET, min_size=35, max_size=35).map(
        lambda tail: "AIza" + tail
    )


@st.composite
def _gcm(draw: c.Draw) -> Body:
    body: Body = {}
    c.put(draw, body, "GCMChannelRequest", "ApiKey", api_keys())
    return body


def gcm_channel_request(*, reading: Reading = "reference") -> st.SearchStrategy[Body]:
    """GCMChannelRequest: a Google API key."""
    return c.in_reading(_gcm(), "GCMChannelRequest", reading)

