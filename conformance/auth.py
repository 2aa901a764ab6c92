"""AWS Signature Version 4 for requests, by botocore's signer and credential chain."""

from __future__ import annotations

import requests
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials, ReadOnlyCredentials
from botocore.session import Session

SIGNING_NAME = "mobiletargeting"  # not "pinpoint" (FACTS: wire protocol)
DUMMY_CREDENTIALS = Credentials("testing", "testing")  # for emulators on loopback


class SigV4(requests.auth.AuthBase):
    """Signs each prepared request, so the signature covers the final body bytes."""

    def __init__(self, credentials: Credentials | ReadOnlyCredentials, region: str) -> None:
        self._signer = SigV4Auth(credentials, SIGNING_NAME, region)

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        aws_request = AWSRequest(
            method=request.method,
            url=request.url,
            data=request.body or b"",
            headers={k: v for k, v in request.headers.items() if k.lower() != "connection"},
        )
        self._signer.add_auth(aws_request)
        for name in ("Authorization", "X-Amz-Date", "X-Amz-Security-Token"):
            if name in aws_request.headers:
                request.headers[name] = aws_request.headers[name]
        return request


def resolve_credentials(loopback: bool) -> Credentials | ReadOnlyCredentials | None:
    """botocore's credential chain (env, profile, SSO, instance role); dummy credentials for
    a loopback target when the chain finds none; None when a remote target has none."""
    session = Session()
    if loopback:  # no instance-metadata round trips for a local emulator
        chain = session.get_component("credential_provider")
        for provider in ("iam-role", "container-role"):
            chain.remove(provider)
    found = session.get_credentials()
    if found is not None:
        return found.get_frozen_credentials()
    return DUMMY_CREDENTIALS if loopback else None
