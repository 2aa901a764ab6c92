"""A hand-built RunReport with every status, every level and credentials in its requests."""

from __future__ import annotations

import json

from pinpoint_conformance.findings import Exchange, Finding, Level, Outcome, RunReport, Status
from pinpoint_conformance.provenance import decision, stated

ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE"
SIGNATURE = "abc123"
AUTHORIZATION = (
    f"AWS4-HMAC-SHA256 Credential={ACCESS_KEY_ID}/20161127/us-east-1/mobiletargeting/"
    f"aws4_request, SignedHeaders=host;x-amz-date, Signature={SIGNATURE}"
)
SECURITY_TOKEN = "FQoDYXdzEXAMPLEsessionTOKEN"
PRIVATE_KEY = "-----BEGIN RSA PRIVATE KEY-----\nMIIEpQIBAAKCAQEAsecretkeymaterial\n-----END"
CERTIFICATE = "-----BEGIN CERTIFICATE-----\nMIIFcertificatematerial\n-----END"
API_KEY = "AIzaSyGcmServerKeyExample"
# Distinctive fragments of each: none may appear in any rendering.
SECRETS = (
    ACCESS_KEY_ID,
    SIGNATURE,
    SECURITY_TOKEN,
    "secretkeymaterial",
    "certificatematerial",
    API_KEY,
)

URL = "https://pinpoint.us-east-1.amazonaws.com/v1/apps/app-1/channels/apns"
APNS_BODY = json.dumps(
    {"Certificate": CERTIFICATE, "PrivateKey": PRIVATE_KEY, "Enabled": True}
).encode()

OPERATION_IDS = [
    "GetApps",
    "UpdateApnsChannel",
    "GetApnsChannel",
    "UpdateGcmChannel",
    "GetCampaign",
]


def signed_headers(**extra: str) -> dict[str, str]:
    return {
        "Host": "pinpoint.us-east-1.amazonaws.com",
        "X-Amz-Date": "20161127T120000Z",
        "X-Amz-Security-Token": SECURITY_TOKEN,
        "Authorization": AUTHORIZATION,
        "Accept": "application/json",
        **extra,
    }


def apns_exchange() -> Exchange:
    return Exchange(
        method="PUT",
        url=URL,
        request_headers=signed_headers(
            **{"Content-Type": "application/json", "Content-Length": str(len(APNS_BODY))}
        ),
        request_body=APNS_BODY,
        status=200,
        response_headers={"Content-Type": "application/json"},
        response_body=b'{"Platform": "APNS"}',
        operation_id="UpdateApnsChannel",
    )


def gcm_exchange() -> Exchange:
    body = json.dumps({"GCMChannelRequest": {"ApiKey": API_KEY, "Enabled": True}}).encode()
    return Exchange(
        method="PUT",
        url=URL.replace("apns", "gcm"),
        request_headers=signed_headers(**{"Content-Type": "application/json"}),
        request_body=body,
        status=500,
        operation_id="UpdateGcmChannel",
    )


def get_exchange() -> Exchange:
    return Exchange(
        method="GET",
        url=URL,
        request_headers=signed_headers(),
        request_body=None,
        status=200,
        response_headers={"Content-Type": "text/plain"},
        operation_id="GetApnsChannel",
    )


MUST_FINDING = Finding(
    check_id="SHAPE-001",
    family="SHAPE",
    level=Level.MUST,
    operation_id="UpdateApnsChannel",
    message="The answer misses the required member Platform",
    expected="an APNSChannelResponse with Platform",
    # A check quoting the request verbatim must not leak its credentials either.
    actual=f"request body {APNS_BODY.decode()} answered by {{}} " + "x" * 300,
    reference='stated: "Platform The platform type. string" (APNS Channel Type, p. 30)',
    exchange=apns_exchange(),
    provenance=stated("APNS Channel Type", 30, "Platform The platform type. string"),
)
SHOULD_FINDING = Finding(
    check_id="CTYPE-002",
    family="CTYPE",
    level=Level.SHOULD,
    operation_id="GetApnsChannel",
    message="Content-Type is text/plain, not application/json",
    expected="application/json",
    actual="text/plain",
    reference="decision: ERRATA E20",
    exchange=get_exchange(),
    provenance=decision("E20"),
)
GCM_FINDING = Finding(
    check_id="STATUS-003",
    family="STATUS",
    level=Level.MUST,
    operation_id="UpdateGcmChannel",
    message=f"500 for a valid request (key {API_KEY})",
    expected="200",
    actual="500",
    reference="GCM Channel (p. 55)",
    exchange=gcm_exchange(),
)
INFO_FINDING = Finding(
    check_id="HAL-009",
    family="HAL",
    level=Level.INFO,
    operation_id="GetApnsChannel",
    message="No _links.self (HAL not requested)",
    expected="_links.self",
    actual="absent",
    reference="HAL profile",
    exchange=get_exchange(),
)

SKIP_NO_HAL = "target does not offer application/hal+json"
SKIP_PROFILE = "family disabled by the quick profile"


def build_report() -> RunReport:
    def outcome(
        family: str,
        op: str,
        status: Status,
        reason: str = "",
        findings: list[Finding] | None = None,
    ) -> Outcome:
        return Outcome(
            family, op, status, f"tests/run::test_{family.lower()}[{op}]", reason, findings or []
        )

    outcomes = [
        outcome("SHAPE", "GetApps", Status.PASS),
        outcome("STATUS", "GetApps", Status.PASS),
        outcome("HAL", "GetApps", Status.SKIPPED, SKIP_NO_HAL),
        outcome("SHAPE", "UpdateApnsChannel", Status.PASS),
        outcome("SHAPE", "UpdateApnsChannel", Status.FAIL, findings=[MUST_FINDING]),
        outcome("SHAPE", "UpdateApnsChannel", Status.SKIPPED, SKIP_PROFILE),
        outcome("CTYPE", "GetApnsChannel", Status.PASS, findings=[SHOULD_FINDING]),
        outcome("HAL", "GetApnsChannel", Status.PASS, findings=[INFO_FINDING]),
        outcome("HAL", "GetApnsChannel", Status.SKIPPED, SKIP_NO_HAL),
        outcome("PAGE", "GetApnsChannel", Status.SKIPPED, SKIP_NO_HAL),
        outcome("STATUS", "UpdateGcmChannel", Status.FAIL, findings=[GCM_FINDING]),
        outcome("LIFE", "UpdateGcmChannel", Status.ERROR, "setup failed: 403 on CreateApp"),
        outcome("LIFE", "UpdateGcmChannel", Status.PASS),
        outcome("SHAPE", "GetCampaign", Status.UNSUPPORTED, "404 UnknownOperation for GetCampaign"),
        outcome("FUZZ", "GetCampaign", Status.SKIPPED, SKIP_PROFILE),
    ]
    return RunReport(
        tool_version="0.1.0",
        spec_version="1.0.0",
        target="http://127.0.0.1:8765",
        started_at="2024-05-01T12:00:00Z",
        seed=424242,
        profile="standard",
        strict=False,
        outcomes=outcomes,
        requests_sent=57,
        duration_s=12.34,
        exit_code=1,
        notes=["target is the embedded reference server"],
    )


def assert_no_secret(text: str) -> None:
    leaked = [secret for secret in SECRETS if secret in text]
    assert not leaked, f"leaked {leaked} in:\n{text}"
