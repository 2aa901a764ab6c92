"""Write every line of the Pinpoint REST API reference, with its section and page.

The provenance of the contract (`spec/provenance.yaml`) quotes the reference's words; the
tests check each quote against this file, so they run on a clone without the reference
beside it. A line is kept as printed except that every run of whitespace (tabs of the
attribute tables included) reads as one space and HTML tags are removed; its section is the
last table-of-contents heading above it, its page that heading's page in the TOC. Lines of
the TOC itself and blank lines are left out.

Usage: python tools/extract_reference_lines.py [--reference PATH] [--out PATH]
"""

import hashlib
import json
import sys

from extract_inventory import (
    REPO_ROOT,
    STRUCTURAL_HEADINGS,
    TAG_RE,
    TOC_ENTRY_RE,
    InventoryError,
    heading_text,
    parse_toc,
    reference_and_out,
)

DEFAULT_OUT = REPO_ROOT / "tests" / "data" / "reference_lines.json"


def normalise(line: str) -> str:
    """A line as quotes are compared: tags removed, whitespace runs as one space."""
    return " ".join(TAG_RE.sub("", line).split())


def extract(text: str) -> list[dict[str, object]]:
    lines = text.splitlines()
    toc = parse_toc(lines)
    section, page = "", None
    out: list[dict[str, object]] = []
    for number, line in enumerate(lines, start=1):
        if TOC_ENTRY_RE.match(line):
            continue
        title = heading_text(line)
        if title is not None and ((title in toc and title not in STRUCTURAL_HEADINGS)
                                  or title.endswith(" Attributes")):
            section, page = title, toc.get(title)
        words = normalise(line)
        if words:
            out.append({"line": number, "section": section, "page": page, "text": words})
    return out


def main(argv: list[str] | None = None) -> int:
    text, out = reference_and_out(__doc__.splitlines()[0], DEFAULT_OUT, argv)
    try:
        lines = extract(text)
    except InventoryError as exc:
        print(f"unexpected reference structure: {exc}", file=sys.stderr)
        return 1
    data = {
        "source": "pinpoint-rest-api-reference.txt",
        "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        "lines": lines,
    }
    # one line of the reference per line of the file: reviewable diffs, a small file
    head = json.dumps({k: v for k, v in data.items() if k != "lines"}, ensure_ascii=False)
    body = ",\n".join(json.dumps(line, ensure_ascii=False) for line in lines)
    out.write_text(head[:-1] + ', "lines": [\n' + body + "\n]}\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
