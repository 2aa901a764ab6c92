"""Small valid request bodies for the lifecycle checks (the strategies go wider)."""

from __future__ import annotations

from typing import Any


def segment(name: str, platform: str = "ios") -> dict[str, Any]:
    return {
        "Name": name,
        "Dimensions": {
            "Demographic": {"Platform": {"Type": "INCLUSIVE", "Values": [platform]}},
            "Behavior": {"Recency": {"Type": "ACTIVE", "Duration": "DAY_7"}},
        },
    }


def campaign(name: str, segment_id: str, title: str = "Hello") -> dict[str, Any]:
    return {
        "Name": name,
        "Description": "created by pinpoint-conformance",
        "SegmentId": segment_id,
        "SegmentVersion": 1,
        "HoldoutPercent": 10,
        "IsPaused": False,
        "Schedule": {
            "StartTime": "2030-01-01T00:00:00Z",
            "EndTime": "2030-01-31T00:00:00Z",
            "Frequency": "ONCE",
            "IsLocalTime": False,
            "Timezone": "UTC",
            "QuietTime": {"Start": "22:00", "End": "07:00"},
        },
        "MessageConfiguration": {
            "DefaultMessage": {"Title": title, "Body": "A message body.", "Action": "OPEN_APP"},
        },
        "Limits": {"Daily": 1, "Total": 10},
    }


def endpoint(address: str, user_id: str) -> dict[str, Any]:
    return {
        "ChannelType": "GCM",
        "Address": address,
        "OptOut": "NONE",
        "Location": {"Latitude": 47.6, "Longitude": -122.3, "PostalCode": "98101",
                     "City": "Seattle", "Region": "WA", "Country": "US"},
        "Demographic": {"Make": "Google", "Model": "Pixel", "Platform": "android",
                        "PlatformVersion": "14", "Locale": "en_US",
                        "Timezone": "America/Los_Angeles", "AppVersion": "1.0"},
        "EffectiveDate": "2030-01-01T00:00:00Z",
        "Attributes": {"Interests": ["music", "news"]},
        "Metrics": {"visits": 3.0},
        "User": {"UserId": user_id},
    }


APNS_CHANNEL = {
    "Certificate": "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----",
    "PrivateKey": "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----",
}
GCM_CHANNEL = {"ApiKey": "AIzaSyConformanceExampleKey0000000000"}
EVENT_STREAM = {
    "RoleArn": "arn:aws:iam::123456789012:role/pinpoint-events",
    "DestinationStreamArn": "arn:aws:kinesis:us-east-1:123456789012:stream/pinpoint-events",
}
SETTINGS = {"QuietTime": {"Start": "23:00", "End": "06:30"}, "Limits": {"Daily": 3, "Total": 50}}


def import_job(seed: int, segment_id: str, tag: str = "") -> dict[str, Any]:
    return {
        "S3Url": f"s3://pinpoint-conformance/{seed}{tag}/endpoints.json",
        "RoleArn": "arn:aws:iam::123456789012:role/pinpoint-import",
        "Format": "JSON",
        "RegisterEndpoints": True,
        "DefineSegment": False,
        "SegmentId": segment_id,
    }


def valid_request(schema_name: str, *, seed: int, segment_id: str, tag: str = "x") -> Any:
    """A valid body for a request schema of the contract (by component name), for the checks
    that break one member at a time or send it where it must be refused."""
    makers: dict[str, Any] = {
        "CreateApplicationRequest": lambda: {"Name": f"pc-{seed}-{tag}"},
        "WriteCampaignRequest": lambda: campaign(f"pc-{seed}-{tag}", segment_id),
        "WriteSegmentRequest": lambda: segment(f"pc-{seed}-{tag}"),
        "APNSChannelRequest": lambda: dict(APNS_CHANNEL),
        "GCMChannelRequest": lambda: dict(GCM_CHANNEL),
        "EndpointRequest": lambda: endpoint(f"token-{seed}-{tag}", f"user-{seed}"),
        "EndpointBatchRequest": lambda: {
            "Item": [{**endpoint(f"token-{seed}-{tag}", f"user-{seed}"),
                      "Id": f"pc-{seed}-{tag}-batch"}]
        },
        "WriteEventStream": lambda: dict(EVENT_STREAM),
        "ImportJobRequest": lambda: import_job(seed, segment_id, f"-{tag}"),
        "WriteApplicationSettingsRequest": lambda: {
            "QuietTime": dict(SETTINGS["QuietTime"]), "Limits": dict(SETTINGS["Limits"])},
    }
    return makers[schema_name]()
