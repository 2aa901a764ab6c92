#!/usr/bin/env python3
"""Check the repaired syntax examples against the raw blocks of the reference.

For every ``tests/data/examples/raw/<slug>.txt`` (written by ``tools/extract_examples.py``), check
that ``tests/data/examples/<slug>.json`` exists and parses, and report whether the raw text, as
printed, parses with ``json.loads`` (most do not). Exit 1 if a repaired file is missing or invalid.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parent.parent / "tests" / "data" / "examples"


def parses(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def main() -> int:
    raw_files = sorted((EXAMPLES / "raw").glob("*.txt"))
    if not raw_files:
        print(f"check_examples: no raw blocks in {EXAMPLES / 'raw'}", file=sys.stderr)
        return 1
    bad = as_is = 0
    for raw in raw_files:
        slug = raw.name.removesuffix(".txt")
        repaired = EXAMPLES / f"{slug}.json"
        raw_ok = parses(raw.read_text(encoding="utf-8"))
        as_is += raw_ok
        if not repaired.is_file():
            status = "MISSING"
        elif parses(repaired.read_text(encoding="utf-8")):
            status = "ok"
        else:
            status = "INVALID"
        bad += status != "ok"
        raw_status = "parses as-is" if raw_ok else "needs repair"
        print(f"{slug:42} raw: {raw_status:12}  repaired: {status}")
    print(
        f"{len(raw_files)} blocks, {as_is} parse as-is, {len(raw_files) - as_is} need repair; "
        f"{bad} repaired file(s) missing or invalid"
    )
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
