"""Write the members the public service model names but the contract does not.

SHAPE-004 reports members of an answer that the contract does not name. The service has
added members since 2017 (`Arn`, `tags`, templates, journeys...); FACTS says a target that
sends them "is not wrong by default". This script reads botocore's Pinpoint model (API
2016-12-01) and, for every component schema of the contract that is an object and has a
structure of the same name in the model, lists the model's members the contract's schema does
not declare. The result, `conformance/checks/service_members.json`, is what SHAPE-004
tolerates. Re-run it when botocore's model changes:

    python tools/extract_service_members.py [--out conformance/checks/service_members.json]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import botocore
import botocore.session

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pinpoint_conformance.contract import load_contract  # noqa: E402

DEFAULT_OUT = REPO / "conformance" / "checks" / "service_members.json"


def extract() -> dict[str, object]:
    contract = load_contract(str(REPO / "spec" / "openapi.yaml"))
    model = botocore.session.get_session().get_service_model("pinpoint")
    shapes = set(model.shape_names)
    members: dict[str, list[str]] = {}
    for name, schema in sorted(contract.schemas.items()):
        if schema.get("type") != "object" or name not in shapes:
            continue
        shape = model.shape_for(name)
        if shape.type_name != "structure":
            continue
        declared = set(schema.get("properties", {}))
        extra = sorted(set(shape.members) - declared)
        if extra:
            members[name] = extra
    return {
        "about": "Members the public Pinpoint service model names and the contract does not, "
        "by contract component schema; SHAPE-004 does not report them. Written by "
        "tools/extract_service_members.py.",
        "service": "pinpoint",
        "api_version": model.api_version,
        "botocore_version": botocore.__version__,
        "members": members,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    args.out.write_text(json.dumps(extract(), indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
