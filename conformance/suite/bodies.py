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
