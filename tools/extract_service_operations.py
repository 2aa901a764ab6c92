"""Write the service model's view of every contract operation to tests/data.

The public Pinpoint service model (API 2016-12-01) ships with botocore. This script reads
the HTTP method, URI, success status, input body shape and output shape of the 37
operations the contract covers and writes them to
`tests/data/service_operations.json`, an oracle the spec tests compare against. Re-run it
when botocore's model changes: `python tools/extract_service_operations.py`.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import botocore.session

REPO = Path(__file__).resolve().parent.parent
# The operations of the 2017 reference (FACTS.md, first table) and the four app operations.
OPERATIONS = [
    "GetCampaignActivities",
    "GetCampaigns",
    "CreateCampaign",
    "GetCampaign",
    "UpdateCampaign",
    "DeleteCampaign",
    "GetCampaignVersions",
    "GetCampaignVersion",
    "GetApnsChannel",
    "UpdateApnsChannel",
    "DeleteApnsChannel",
    "GetGcmChannel",
    "UpdateGcmChannel",
    "DeleteGcmChannel",
    "UpdateEndpointsBatch",
    "GetEndpoint",
    "UpdateEndpoint",
    "GetEventStream",
    "PutEventStream",
    "DeleteEventStream",
    "GetImportJobs",
    "CreateImportJob",
    "GetSegmentImportJobs",
    "GetImportJob",
    "GetSegments",
    "CreateSegment",
    "GetSegment",
    "UpdateSegment",
    "DeleteSegment",
    "GetSegmentVersions",
    "GetSegmentVersion",
    "GetApplicationSettings",
    "UpdateApplicationSettings",
    "CreateApp",
    "GetApps",
    "GetApp",
    "DeleteApp",
]


def describe(name: str, model: botocore.model.ServiceModel) -> dict[str, object]:
    op = model.operation_model(name)
    members = op.input_shape.members if op.input_shape else {}
    body = [m.name for m in members.values() if not m.serialization.get("location")]
    query = sorted(
        m.serialization["name"]
        for m in members.values()
        if m.serialization.get("location") == "querystring"
    )
    return {
        "operation": name,
        "method": op.http["method"],
        "uri": op.http["requestUri"],
        "status": op.http.get("responseCode", 200),
        "request_body": body[0] if body else None,
        "response_body": op.output_shape.members[op.output_shape.serialization["payload"]].name
        if op.output_shape and op.output_shape.serialization.get("payload")
        else None,
        "query": query,
        "errors": sorted(int(e.metadata["error"]["httpStatusCode"]) for e in op.error_shapes),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "tests/data/service_operations.json")
    args = parser.parse_args(argv)
    model = botocore.session.get_session().get_service_model("pinpoint")
    data = {
        "api_version": model.metadata["apiVersion"],
        "signing_name": model.metadata["signingName"],
        "operations": [describe(name, model) for name in OPERATIONS],
    }
    args.out.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{args.out}: {len(data['operations'])} operations")
    return 0


if __name__ == "__main__":
    sys.exit(main())
