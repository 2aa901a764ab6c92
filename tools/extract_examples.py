#!/usr/bin/env python3
"""Extract the JSON "syntax" blocks of the Pinpoint REST API reference.

The 2017 reference (converted from PDF) prints one JSON syntax block under each heading such as
"GET Response Syntax" or "POST Request Body Syntax". Page breaks often split a block into several
fenced fragments, with blank lines or stray markup between them. This script joins every fragment
that follows a syntax heading (up to the next heading) and writes the joined text, unchanged, to
``tests/data/examples/raw/<slug>.txt``.

The slug is ``<section>.<method>.<kind>``: the resource section title lower-cased and hyphenated
("Campaigns List" -> ``campaigns-list``), the HTTP method lower-case, and ``request`` or
``response``. Example: ``campaign-instance.put.response``.

The section of a syntax block is the last non-generic heading seen before the section's "URI"
heading (generic headings are "Topics", "URI", "Request Headers", "HTTP Methods", the bare
method names, the query-string and syntax headings).

The text is written verbatim (including trailing spaces and the damage), so that the repaired
``tests/data/examples/<slug>.json`` can always be compared with what was printed. Output is
deterministic: fragments are joined in document order, files end with one newline, and ``*.txt``
files in the output folder that no longer correspond to a block are removed.

Usage::

    python tools/extract_examples.py [--reference PATH] [--out-dir DIR]

Exit status: 0 on success, 2 if the reference file is missing, 1 if the reference does not have
the expected shape (unterminated fence, a syntax heading without a block, a duplicate slug).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_REFERENCE = REPO_ROOT / ".." / "shared" / "reference" / "pinpoint-rest-api-reference.txt"
DEFAULT_OUT_DIR = REPO_ROOT / "tests" / "data" / "examples" / "raw"

FENCE = "```"
HEADING_RE = re.compile(r"^(#{1,6})\s+(?P<title>.*?)\s*#*\s*$")
SYNTAX_RE = re.compile(
    r"^(?P<method>GET|PUT|POST|DELETE|PATCH|HEAD)\s+(?P<kind>Request Body|Response)\s+Syntax$"
)
METHOD_RE = re.compile(r"^(GET|PUT|POST|DELETE|PATCH|HEAD)(\s+Query String Parameters)?$")
GENERIC_HEADINGS = frozenset({"Topics", "URI", "Request Headers", "HTTP Methods"})


class ReferenceError(Exception):
    """The reference text does not have the shape this script relies on."""


@dataclass(frozen=True)
class Heading:
    line: int  # 1-based line number in the reference
    title: str


@dataclass(frozen=True)
class Fence:
    line: int  # 1-based line number of the opening fence
    lines: tuple[str, ...]  # content lines, without the fences


@dataclass(frozen=True)
class SyntaxBlock:
    section: str
    method: str  # upper case, as printed: GET, PUT, POST, DELETE
    kind: str  # "request" or "response"
    heading_line: int
    fragments: tuple[Fence, ...]

    @property
    def slug(self) -> str:
        return f"{slugify(self.section)}.{self.method.lower()}.{self.kind}"

    @property
    def text(self) -> str:
        lines = [line for fragment in self.fragments for line in fragment.lines]
        return "\n".join(lines) + "\n"


def slugify(title: str) -> str:
    """'Import Job List by Segment' -> 'import-job-list-by-segment'."""
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def clean_title(raw: str) -> str:
    """Drop emphasis markers the PDF conversion left in headings (``**REST API Reference**``)."""
    return re.sub(r"\s+", " ", raw.replace("*", "")).strip()


def is_generic(title: str) -> bool:
    return title in GENERIC_HEADINGS or bool(METHOD_RE.match(title) or SYNTAX_RE.match(title))


def scan(lines: Sequence[str]) -> Iterator[Heading | Fence]:
    """Yield headings (outside fences) and fenced blocks, in document order."""
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.strip() == FENCE:
            start = index
            index += 1
            body: list[str] = []
            while index < len(lines) and lines[index].strip() != FENCE:
                body.append(lines[index])
                index += 1
            if index == len(lines):
                raise ReferenceError(f"line {start + 1}: unterminated ``` fence")
            yield Fence(line=start + 1, lines=tuple(body))
        else:
            match = HEADING_RE.match(line)
            if match:
                yield Heading(line=index + 1, title=clean_title(match.group("title")))
        index += 1


def extract(text: str) -> list[SyntaxBlock]:
    """Return every syntax block of the reference, fragments joined, in document order."""
    blocks: list[SyntaxBlock] = []
    last_title: str | None = None
    section: str | None = None
    pending: tuple[Heading, str, str] | None = None  # heading, method, kind
    fragments: list[Fence] = []

    def close() -> None:
        if pending is None:
            return
        heading, method, kind = pending
        if not fragments:
            raise ReferenceError(f"line {heading.line}: '{heading.title}' has no fenced block")
        if section is None:
            raise ReferenceError(f"line {heading.line}: '{heading.title}' is outside a section")
        blocks.append(SyntaxBlock(section, method, kind, heading.line, tuple(fragments)))

    for item in scan(text.splitlines()):
        if isinstance(item, Fence):
            if pending is not None:
                fragments.append(item)
            continue
        close()
        pending, fragments = None, []
        syntax = SYNTAX_RE.match(item.title)
        if syntax:
            kind = "request" if syntax.group("kind") == "Request Body" else "response"
            pending = (item, syntax.group("method"), kind)
        elif item.title == "URI":
            section = last_title
        elif not is_generic(item.title):
            last_title = item.title
    close()

    seen: dict[str, int] = {}
    for block in blocks:
        if block.slug in seen:
            raise ReferenceError(
                f"line {block.heading_line}: duplicate slug {block.slug} "
                f"(first at line {seen[block.slug]})"
            )
        seen[block.slug] = block.heading_line
    return blocks


def write_blocks(blocks: Sequence[SyntaxBlock], out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    wanted = {f"{block.slug}.txt" for block in blocks}
    for stale in sorted(out_dir.glob("*.txt")):
        if stale.name not in wanted:
            stale.unlink()
    for block in blocks:
        (out_dir / f"{block.slug}.txt").write_text(block.text, encoding="utf-8", newline="\n")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--reference",
        type=Path,
        default=DEFAULT_REFERENCE,
        help="the Pinpoint REST API reference text (default: %(default)s)",
    )
    parser.add_argument(
        "--out-dir",
        type=Path,
        default=DEFAULT_OUT_DIR,
        help="folder for the <slug>.txt files (default: %(default)s)",
    )
    args = parser.parse_args(argv)
    reference: Path = args.reference
    if not reference.is_file():
        print(f"extract_examples: reference not found: {reference}", file=sys.stderr)
        return 2
    try:
        blocks = extract(reference.read_text(encoding="utf-8"))
    except ReferenceError as exc:
        print(f"extract_examples: {reference}: {exc}", file=sys.stderr)
        return 1
    write_blocks(blocks, args.out_dir)
    split = sum(1 for block in blocks if len(block.fragments) > 1)
    print(f"wrote {len(blocks)} blocks ({split} split across fences) to {args.out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
