"""Throughput and memory of the embedded reference target.

    python benchmarks/bench_target.py [--gets N] [--creates N] [--endpoints N] [--campaigns N]

The target runs in this process (waitress threads on 127.0.0.1); the client runs in one child
process (a keep-alive requests.Session, one request in flight), so the two use the two cores.
It prints requests per second for GetCampaign and CreateCampaign, then loads the endpoints
(UpdateEndpointsBatch, 100 per request) and campaigns (CreateCampaign) over HTTP and prints
this process's resident memory (RSS, from /proc) before and after, and its peak (ru_maxrss).
Every loop is bounded; nothing but 127.0.0.1 is contacted.
"""

from __future__ import annotations

import argparse
import gc
import multiprocessing
import os
import resource
import sys
import time
from pathlib import Path
from typing import Any

from pinpoint_conformance.reference_target import TargetServer

CAMPAIGN = {
    "Name": "benchmark campaign",
    "Description": "a campaign of realistic size",
    "SegmentId": "0123456789abcdef0123456789abcdef",
    "Schedule": {
        "StartTime": "2030-01-01T00:00:00Z",
        "EndTime": "2030-02-01T00:00:00Z",
        "Frequency": "DAILY",
        "IsLocalTime": False,
        "Timezone": "UTC",
        "QuietTime": {"Start": "22:00", "End": "06:00"},
    },
    "MessageConfiguration": {
        "DefaultMessage": {
            "Title": "Hello",
            "Body": "A message of ordinary length.",
            "Action": "OPEN_APP",
        },
        "GCMMessage": {
            "Title": "Hello",
            "Body": "A message for Android.",
            "Action": "URL",
            "Url": "https://example.com/x",
        },
    },
    "Limits": {"Daily": 1, "Total": 5},
    "HoldoutPercent": 5,
}


def endpoint(n: int) -> dict[str, Any]:
    return {
        "Id": f"endpoint-{n:08d}",
        "ChannelType": "GCM",
        "Address": f"device-token-{n:08d}-" + "x" * 40,
        "OptOut": "NONE",
        "EffectiveDate": "2030-01-01T00:00:00Z",
        "Location": {
            "City": "Seattle",
            "Country": "US",
            "PostalCode": "98101",
            "Latitude": 47.6,
            "Longitude": -122.3,
        },
        "Demographic": {
            "Make": "Google",
            "Model": "Pixel",
            "Platform": "android",
            "PlatformVersion": "14",
            "AppVersion": "1.2.3",
            "Locale": "en_US",
            "Timezone": "America/Los_Angeles",
        },
        "User": {"UserId": f"user-{n:08d}", "UserAttributes": {"plan": ["pro"]}},
        "Attributes": {"interests": ["sports", "music"]},
        "Metrics": {"sessions": float(n % 50)},
    }


def rss_mib() -> float:
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * resource.getpagesize() / 2**20


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


# ------------------------------------------------------------------ the client process
def _session(trust_env: bool) -> Any:
    import requests

    session = requests.Session()
    session.trust_env = trust_env
    return session


def client_get(url: str, count: int, trust_env: bool, out: Any) -> None:
    session = _session(trust_env)
    for _ in range(min(300, count)):
        session.get(url, timeout=30)
    started, cpu = time.perf_counter(), time.process_time()
    for _ in range(count):
        response = session.get(url, timeout=30)
        if response.status_code != 200:
            raise SystemExit(f"GET answered {response.status_code}")
    wall = time.perf_counter() - started
    out.put((count / wall, (time.process_time() - cpu) / count * 1e6))


def client_create(url: str, count: int, out: Any) -> None:
    session = _session(False)
    started = time.perf_counter()
    for _ in range(count):
        response = session.post(url, json=CAMPAIGN, timeout=30)
        if response.status_code != 201:
            raise SystemExit(f"POST answered {response.status_code}: {response.text}")
    out.put(count / (time.perf_counter() - started))


def client_load(base: str, app_id: str, endpoints: int, campaigns: int, out: Any) -> None:
    session = _session(False)
    started = time.perf_counter()
    for first in range(0, endpoints, 100):
        batch = {"Item": [endpoint(n) for n in range(first, min(first + 100, endpoints))]}
        response = session.put(f"{base}/v1/apps/{app_id}/endpoints", json=batch, timeout=60)
        if response.status_code != 202:
            raise SystemExit(f"batch answered {response.status_code}: {response.text}")
    for _ in range(campaigns):
        response = session.post(f"{base}/v1/apps/{app_id}/campaigns", json=CAMPAIGN, timeout=30)
        if response.status_code != 201:
            raise SystemExit(f"POST answered {response.status_code}")
    out.put(time.perf_counter() - started)


def in_child(target: Any, *args: Any, timeout: float = 900) -> Any:
    context = multiprocessing.get_context("spawn")
    out = context.Queue()
    process = context.Process(target=target, args=(*args, out))
    process.start()
    try:
        return out.get(timeout=timeout)
    finally:
        process.join(30)
        if process.is_alive():
            process.kill()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gets", type=int, default=5000)
    parser.add_argument("--creates", type=int, default=2000)
    parser.add_argument("--endpoints", type=int, default=100_000)
    parser.add_argument("--campaigns", type=int, default=10_000)
    args = parser.parse_args()

    import requests

    with TargetServer("127.0.0.1", 0) as server:
        base = server.url
        http = requests.Session()
        http.trust_env = False
        app_id = http.post(f"{base}/v1/apps", json={"Name": "bench"}, timeout=30).json()["Id"]
        campaign = http.post(f"{base}/v1/apps/{app_id}/campaigns", json=CAMPAIGN, timeout=30)
        get_url = f"{base}/v1/apps/{app_id}/campaigns/{campaign.json()['Id']}"
        load = ", ".join(f"{n:.2f}" for n in os.getloadavg())
        print(f"target {base} (waitress); {os.cpu_count()} cores, load average {load}")

        session = f"{args.gets} GETs, one keep-alive requests.Session"
        for trust_env in (False, True):
            rate, client_us = in_child(client_get, get_url, args.gets, trust_env)
            print(
                f"GetCampaign     {rate:8.0f} req/s  ({session}, trust_env={trust_env}; "
                f"the client spent {client_us:.0f} us of CPU per request, "
                f"the rest of the {1e6 / rate:.0f} us was the target and the network)"
            )
        scratch = http.post(f"{base}/v1/apps", json={"Name": "scratch"}, timeout=30).json()["Id"]
        rate = in_child(client_create, f"{base}/v1/apps/{scratch}/campaigns", args.creates)
        creates = f"{args.creates} POSTs, one keep-alive requests.Session"
        print(f"CreateCampaign  {rate:8.0f} req/s  ({creates}, trust_env=False)")
        http.delete(f"{base}/v1/apps/{scratch}", timeout=30)

        gc.collect()
        before = rss_mib()
        load_app = http.post(f"{base}/v1/apps", json={"Name": "load"}, timeout=30).json()["Id"]
        took = in_child(client_load, base, load_app, args.endpoints, args.campaigns)
        gc.collect()
        after = rss_mib()
        check = http.get(f"{base}/v1/apps/{load_app}/campaigns?page-size=1", timeout=30)
        assert check.status_code == 200
        print(
            f"memory (RSS)    {before:8.0f} MiB before, {after:.0f} MiB holding "
            f"{args.endpoints} endpoints + {args.campaigns} campaigns "
            f"(+{after - before:.0f} MiB), peak {peak_rss_mib():.0f} MiB; loaded in {took:.0f}s"
        )
        http.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
